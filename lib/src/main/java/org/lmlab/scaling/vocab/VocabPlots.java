package org.lmlab.scaling.vocab;

import java.util.Arrays;
import java.util.List;
import org.lmlab.plot.Chart;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;

/** Chart of the optimal vocabulary against compute, the three approaches side by side. */
public final class VocabPlots {

    private VocabPlots() {
    }

    /** Log-log lines of V_opt(C) by Approach 1, 2 and (where computed) 3. */
    public static Chart optimalVocab(List<OptimalVocab> rows) {
        if (rows.size() < 2) {
            throw new IllegalArgumentException("need at least 2 budgets to draw, got " + rows.size());
        }
        double[] c = rows.stream().mapToDouble(OptimalVocab::flops).toArray();
        XYBuilder chart = Plot.line().title("Optimal vocabulary size vs compute (Tao et al. 2024)").x("compute C (FLOPs)")
                .y("optimal vocabulary size V").logLog()
                .series("Approach 1: IsoFLOP", c, rows.stream().mapToDouble(OptimalVocab::isoFlop).toArray())
                .series("Approach 2: derivative", c, rows.stream().mapToDouble(OptimalVocab::derivative).toArray());
        double[] parametric = rows.stream().mapToDouble(OptimalVocab::parametric).toArray();
        if (Arrays.stream(parametric).anyMatch(Double::isFinite)) {
            chart.series("Approach 3: parametric fit", c, parametric);
        }
        return chart.build();
    }
}

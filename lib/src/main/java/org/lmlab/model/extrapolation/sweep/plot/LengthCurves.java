package org.lmlab.model.extrapolation.sweep.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lmlab.plot.Chart;
import org.lmlab.table.Table;

/**
 * Perplexity (or mean NLL) against input length, one line per method, from a perplexity sweep's
 * results: the figure every length-extrapolation paper draws. Lengths go on a base-2 axis with the
 * trained context marked. Perplexity defaults to a log y axis, so a method that explodes past the
 * trained context (plain RoPE reaches 10^3 and more) stays on the chart while the differences
 * between the methods that hold are still visible; mean NLL, already a logarithm, to a linear one.
 *
 * <pre>{@code
 * Chart c = LengthCurves.of(results).trainedContext(8192).build();
 * Chart nll = LengthCurves.of(results).metric(Metric.NLL).methods(List.of("none", "yarn:4")).build();
 * }</pre>
 */
public final class LengthCurves extends CurveChart<LengthCurves> {

    private Metric metric = Metric.PPL;

    private LengthCurves(Table table) {
        super(table);
    }

    /** A chart of {@code results}, a perplexity sweep's table (columns model, method, length, ppl, mean_nll). */
    public static LengthCurves of(Table results) {
        return new LengthCurves(results);
    }

    /** What y shows (default: perplexity). */
    public LengthCurves metric(Metric metric) {
        if (metric == null) {
            throw new IllegalArgumentException("the metric must be ppl or nll, not null");
        }
        this.metric = metric;
        return this;
    }

    @Override
    public Chart build() {
        SweepTable t = SweepTable.of(table, "a " + metric.label() + " chart",
                List.of("model", "method", "length", metric.column()));
        Map<String, List<Integer>> groups = t.byMethod(methods);
        Map<String, double[][]> series = new LinkedHashMap<>();
        groups.forEach((label, rows) -> series.put(label, curve(t, label, rows)));
        return lines(title(metric.title(), t.model(groups.values())), "input length (tokens)", metric.label(), true,
                series, metric == Metric.PPL);
    }

    /** {lengths ascending, the metric at each}. */
    private double[][] curve(SweepTable t, String label, List<Integer> rows) {
        TreeMap<Long, Integer> byLength = t.byLength(label, rows);
        double[][] xy = new double[2][byLength.size()];
        int i = 0;
        for (Map.Entry<Long, Integer> e : byLength.entrySet()) {
            xy[0][i] = e.getKey();
            xy[1][i] = t.number(metric.column(), e.getValue());
            i++;
        }
        return xy;
    }
}

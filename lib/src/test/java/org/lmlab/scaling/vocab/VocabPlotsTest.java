package org.lmlab.scaling.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.plot.Chart;

/** The optimal-vocabulary chart: log-log, one line per approach, rendered without error. */
class VocabPlotsTest {

    @Test
    void threeApproachesOnLogAxes() throws Exception {
        List<OptimalVocab> rows = OptimalVocab.sweep(1e18, 1e25, 40, OptimalVocab.Approaches.published());
        Chart chart = VocabPlots.optimalVocab(rows);
        assertTrue(chart.logX() && chart.logY());
        assertEquals(List.of("Approach 1: IsoFLOP", "Approach 2: derivative", "Approach 3: parametric fit"),
                chart.series().stream().map(s -> s.name()).toList());
        // Vocabulary parameters N_v = V d grow with compute (V itself steps down where the width table
        // steps d up), and every approach's V is larger at 1e25 than at 1e18: the paper's conclusion.
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).isoFlop() * rows.get(i).embedDim() > rows.get(i - 1).isoFlop() * rows.get(i - 1).embedDim());
        }
        OptimalVocab first = rows.get(0);
        OptimalVocab last = rows.get(rows.size() - 1);
        assertTrue(last.isoFlop() > 5 * first.isoFlop() && last.derivative() > 5 * first.derivative()
                && last.parametric() > 5 * first.parametric());
        byte[] png = chart.toPng();
        assertTrue(png.length > 1000);
        Files.write(Files.createDirectories(Path.of("target")).resolve("vocab-optimal.png"), png);
        assertThrows(IllegalArgumentException.class, () -> VocabPlots.optimalVocab(rows.subList(0, 1)));
    }
}

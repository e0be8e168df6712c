package org.lmlab.model.extrapolation.sweep.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.model.extrapolation.sweep.plot.SweepResultsFixture.trial;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.plot.Chart;
import org.lmlab.plot.ChartKind;
import org.lmlab.plot.internal.GridSpec;
import org.lmlab.plot.internal.HeatmapSpec;
import org.lmlab.table.Table;

/**
 * Each heat-map cell is the mean of {@code correct} over the cell's trials, as counted here from the
 * table's rows (and, for a few cells, by hand), written "k/n", on a colour scale fixed to [0, 1].
 */
class AccuracyGridsTest {

    static final long[] LENGTHS = {256, 512, 1024};
    static final double[] DEPTHS = {0.0, 0.5, 1.0};

    final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    /**
     * none and yarn:4 at three lengths and depths, 3 trials each, with a pattern of misses; yarn:4
     * never ran length 1024 at depth 0.5, and sinks ran only 256 at depth 0 (4 trials).
     */
    Table results() {
        List<SweepResultsFixture.Row> rows = new ArrayList<>();
        String[] methods = {"none", "yarn:4"};
        for (int m = 0; m < methods.length; m++) {
            for (int l = 0; l < LENGTHS.length; l++) {
                for (int d = 0; d < DEPTHS.length; d++) {
                    if (m == 1 && l == 2 && d == 1) {
                        continue;
                    }
                    for (long seed = 0; seed < 3; seed++) {
                        // none fails more as length grows; yarn:4 misses one trial in a few cells
                        boolean correct = m == 0 ? seed + l < 3 : (seed + l + d) % 4 != 3;
                        rows.add(trial(methods[m], LENGTHS[l], DEPTHS[d], seed, correct));
                    }
                }
            }
        }
        for (long seed = 0; seed < 4; seed++) {
            rows.add(trial("sinks:4+60", 256, 0.0, seed, seed != 2));
        }
        return SweepResultsFixture.table(allocator, SweepResultsFixture.PASSKEY, rows);
    }

    /** "method|length|depth" -> {correct, trials}, counted from the rows. */
    static Map<String, int[]> tally(Table t) {
        Map<String, int[]> cells = new HashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            int[] c = cells.computeIfAbsent(t.getString("method", r) + "|" + t.getLong("length", r) + "|"
                    + t.getDouble("depth", r), k -> new int[2]);
            c[0] += t.getBoolean("correct", r) ? 1 : 0;
            c[1]++;
        }
        return cells;
    }

    static List<HeatmapSpec> panels(Chart chart) {
        return ((GridSpec) chart.spec()).panels().stream().map(p -> (HeatmapSpec) p).toList();
    }

    @Test
    void eachCellIsTheShareOfItsTrialsAnsweredCorrectly() {
        try (Table t = results()) {
            Chart chart = AccuracyGrids.of(t).trainedContext(512).build();
            assertEquals(ChartKind.GRID, chart.kind());
            List<HeatmapSpec> panels = panels(chart);
            assertEquals(List.of("none", "yarn:4", "sinks:4+60"), panels.stream().map(p -> p.frame().title()).toList());
            Map<String, int[]> tally = tally(t);
            for (HeatmapSpec p : panels) {
                assertEquals(List.of("256", "512", "1k"), p.xLabels(), "every panel shares the lengths");
                assertEquals(List.of("1", "0.5", "0"), p.yLabels(), "depth 0 on the top row (row 0 is the bottom)");
                assertEquals(0.0, p.min());
                assertEquals(1.0, p.max(), "the colour scale is fixed to [0, 1]");
                assertEquals("input length (tokens; trained context 512)", p.frame().xLabel());
                for (int row = 0; row < 3; row++) {
                    for (int col = 0; col < 3; col++) {
                        int[] c = tally.get(p.frame().title() + "|" + LENGTHS[col] + "|" + DEPTHS[2 - row]);
                        String where = p.frame().title() + " at " + LENGTHS[col] + ", depth " + DEPTHS[2 - row];
                        if (c == null) {
                            assertTrue(Double.isNaN(p.z()[row][col]), where + " never ran: an empty cell");
                            assertNull(p.cellLabels()[row][col], where);
                        } else {
                            assertEquals((double) c[0] / c[1], p.z()[row][col], 0.0, where);
                            assertEquals(c[0] + "/" + c[1], p.cellLabels()[row][col], where);
                        }
                    }
                }
            }
            // by hand: none answers trials with seed + l < 3, so 3/3 at 256 (l = 0), 2/3 at 512, 1/3 at 1024
            assertArrayEquals(new double[] {1.0, 2.0 / 3, 1.0 / 3}, panels.get(0).z()[2], 1e-15);
            // sinks: seeds 0, 1, 3 of 4 correct at 256 and depth 0, the top-left cell
            assertEquals(0.75, panels.get(2).z()[2][0], 0.0);
            assertEquals("3/4", panels.get(2).cellLabels()[2][0]);
            assertEquals("Passkey accuracy by length and depth: tiny", chart.title());
            assertTrue(chart.toPng().length > 1000, "renders");
        }
    }

    @Test
    void methodsChooseAndOrderThePanels() {
        try (Table t = results()) {
            List<HeatmapSpec> panels = panels(AccuracyGrids.of(t).methods(List.of("sinks:4+60", "none")).build());
            assertEquals(List.of("sinks:4+60", "none"), panels.stream().map(p -> p.frame().title()).toList());
        }
    }

    @Test
    void refusesTablesWithoutTrials() {
        try (Table ppl = SweepResultsFixture.table(allocator, SweepResultsFixture.PPL,
                List.of(SweepResultsFixture.ppl("tiny", "none", 128, 12.0)));
             Table empty = SweepResultsFixture.table(allocator, SweepResultsFixture.PASSKEY, List.of())) {
            String missing = assertThrows(IllegalArgumentException.class, () -> AccuracyGrids.of(ppl).build()).getMessage();
            assertTrue(missing.startsWith("an accuracy heat map needs column 'correct' (written by a passkey or needle "
                    + "sweep (task passkey or needle)), which table 'sweep test.jsonl' lacks"), missing);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> AccuracyGrids.of(empty).build()).getMessage()
                    .contains("has no rows"));
        }
    }
}

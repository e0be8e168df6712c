package org.lmlab.model.extrapolation.sweep.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.model.extrapolation.sweep.plot.SweepResultsFixture.layer;
import static org.lmlab.model.extrapolation.sweep.plot.SweepResultsFixture.curve;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.plot.Chart;
import org.lmlab.plot.SeriesInfo;
import org.lmlab.plot.internal.ReferenceLine;
import org.lmlab.plot.internal.XYSpec;
import org.lmlab.table.Table;

/**
 * Per-position curves: bucket b of width w is drawn at position b·w with the mean NLL the row's
 * position_nll array gives it; buckets with no scored token (null, bucket 0 holds only position 0,
 * which is never scored) are left out.
 */
class PositionCurvesTest {

    final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    Table results() {
        return SweepResultsFixture.table(allocator, SweepResultsFixture.PPL_BUCKETS, List.of(
                curve("none", 128, 32, "[null,3.0,2.8,2.7]"),
                curve("none", 256, 64, "[null,3.1,2.9,5.5]"),
                curve("sinks:4+60", 128, 32, "[null,3.0,2.9,2.9]"),
                curve("sinks:4+60", 256, 64, "[null,3.0,2.9,2.95]")));
    }

    @Test
    void theLongestLengthByDefaultEachBucketAtItsFirstPosition() {
        try (Table t = results()) {
            Chart chart = PositionCurves.of(t).trainedContext(128).build();
            assertEquals(List.of("none", "sinks:4+60"), chart.series().stream().map(SeriesInfo::name).toList());
            // length 256, buckets of 64: bucket 1 starts at 64, 2 at 128, 3 at 192
            assertArrayEquals(new double[] {64, 128, 192}, layer(chart, "none").x(), 0.0);
            assertArrayEquals(new double[] {3.1, 2.9, 5.5}, layer(chart, "none").y(), 0.0);
            assertArrayEquals(new double[] {3.0, 2.9, 2.95}, layer(chart, "sinks:4+60").y(), 0.0);
            XYSpec spec = (XYSpec) chart.spec();
            assertEquals(List.of(new ReferenceLine(128, "trained context 128")), spec.referenceLines());
            assertFalse(chart.logX() || chart.logY(), "positions and NLL on linear axes");
            assertEquals("Mean NLL by token position at input length 256: tiny", chart.title());
            assertTrue(chart.toPng().length > 1000, "renders");
        }
    }

    @Test
    void aChosenLengthAndMethod() {
        try (Table t = results()) {
            Chart chart = PositionCurves.of(t).length(128).methods(List.of("sinks:4+60")).yMax(3.5).build();
            assertEquals(List.of("sinks:4+60"), chart.series().stream().map(SeriesInfo::name).toList());
            assertArrayEquals(new double[] {32, 64, 96}, layer(chart, "sinks:4+60").x(), 0.0);
            assertArrayEquals(new double[] {3.0, 2.9, 2.9}, layer(chart, "sinks:4+60").y(), 0.0);
            assertEquals(3.5, ((XYSpec) chart.spec()).yMax());
        }
    }

    @Test
    void refusesALengthTheTableLacksAndTablesWithoutCurves() {
        try (Table t = results();
             Table plain = SweepResultsFixture.table(allocator, SweepResultsFixture.PPL,
                     List.of(SweepResultsFixture.ppl("tiny", "none", 128, 12.0)))) {
            assertEquals("table 'sweep test.jsonl' has no rows at length 512; its lengths: 128, 256",
                    assertThrows(IllegalArgumentException.class, () -> PositionCurves.of(t).length(512).build())
                            .getMessage());
            String missing = assertThrows(IllegalArgumentException.class, () -> PositionCurves.of(plain).build())
                    .getMessage();
            assertTrue(missing.startsWith("a per-position loss chart needs columns 'position_bucket' (written by a "
                    + "perplexity sweep with position buckets (task ppl, bucket > 0)), 'position_nll' (written by a "
                    + "perplexity sweep with position buckets (task ppl, bucket > 0)), which table"), missing);
        }
    }
}

package org.lmlab.model.rope.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.plot.Chart;
import org.lmlab.plot.SeriesInfo;

class RopePlotsTest {

    static final RopeGeometry G = new RopeGeometry(64, 10000, 1.0, 2048);

    @Test
    void oneLinePerMethodPlusTheContextOnALogAxis() {
        Chart chart = RopePlots.wavelengths(List.of(new RopePlots.Method("default", new RopeScaling.Default()),
                new RopePlots.Method("yarn:4", RopeScaling.Yarn.of(4, 0))), G, 0);
        assertTrue(chart.logY());
        assertEquals(List.of(new SeriesInfo("default", 32, ""), new SeriesInfo("yarn:4", 32, ""),
                new SeriesInfo("context 2048", 32, "")), chart.series());
        assertEquals("RoPE wavelengths: head_dim 64, base 10000, context 2048", chart.title());
        assertTrue(chart.toPng().length > 1000, "the chart renders");
    }

    @Test
    void refusesDuplicateLabelsAndUnusableMethods() {
        RopePlots.Method linear = new RopePlots.Method("linear:4", new RopeScaling.Linear(4));
        assertEquals("method linear:4 is listed twice",
                assertThrows(IllegalArgumentException.class, () -> RopePlots.wavelengths(List.of(linear, linear), G, 0))
                        .getMessage());
        RopeGeometry unknownContext = RopeGeometry.of(64, 10000);
        assertThrows(IllegalArgumentException.class, () -> RopePlots.wavelengths(
                List.of(new RopePlots.Method("dynamic:4", new RopeScaling.DynamicNtk(4))), unknownContext, 0));
        assertThrows(IllegalArgumentException.class, () -> RopePlots.wavelengths(List.of(), G, 0));
    }
}

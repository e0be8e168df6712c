package org.lmlab.plot.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Edge cases of the statistics that need no reference implementation. */
class StatsTest {

    @Test
    void kdeNeedsSpread() {
        assertEquals("kernel density needs at least two distinct values; got 3 values, all equal to 2.0",
                assertThrows(IllegalArgumentException.class, () -> GaussianKde.silverman(new double[] {2, 2, 2}))
                        .getMessage());
        assertEquals("kernel density needs at least two distinct values; got 1 value",
                assertThrows(IllegalArgumentException.class, () -> GaussianKde.silverman(new double[] {2}))
                        .getMessage());
    }

    @Test
    void kdeIntegratesToOne() {
        GaussianKde kde = GaussianKde.silverman(new double[] {0, 1, 1.5, 4, 4.2, 9});
        double[] grid = kde.grid(6, 4001);
        double step = grid[1] - grid[0];
        double area = 0;
        for (double x : grid) {
            area += kde.density(x) * step;
        }
        assertEquals(1.0, area, 1e-6);
    }

    @Test
    void statisticsRejectNonFiniteValues() {
        assertEquals("histogram: value [1] is NaN; only finite values are allowed (drop NaN and infinities first)",
                assertThrows(IllegalArgumentException.class,
                        () -> Histogram.of(new double[] {1, Double.NaN}, Bins.count(3))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ecdf.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Bins.edges(1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Bins.count(0));
    }

    @Test
    void ecdfStepsAndLookup() {
        Ecdf e = Ecdf.of(new double[] {3, 1, 2, 2});
        assertArrayEquals(new double[] {1, 2, 3}, e.x(), 0.0);
        assertArrayEquals(new double[] {0.25, 0.75, 1.0}, e.fraction(), 0.0);
        assertEquals(0.0, e.at(0.5));
        assertEquals(0.75, e.at(2.5));
        double[][] steps = e.steps();
        assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3}, steps[0], 0.0);
        assertArrayEquals(new double[] {0, 0.25, 0.25, 0.75, 0.75, 1.0}, steps[1], 0.0);
    }

    @Test
    void explicitEdgesCountTheLastEdgeAndIgnoreOutsiders() {
        Histogram h = Histogram.of(new double[] {-1, 0, 0.5, 1, 2, 3, 4}, Bins.edges(0, 1, 2, 3));
        assertArrayEquals(new long[] {2, 1, 2}, h.counts());
        assertEquals(5, h.total());
    }
}

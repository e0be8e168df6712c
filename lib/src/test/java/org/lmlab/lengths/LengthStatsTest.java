package org.lmlab.lengths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.stats.QuantileMethod;

class LengthStatsTest {

    @Test
    void basicsOnAHandComputedSample() {
        LengthStats s = LengthStats.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertEquals(8, s.count());
        assertEquals(5.0, s.mean());
        assertEquals(2.0, s.sd(Dispersion.POPULATION));
        assertEquals(Math.sqrt(32.0 / 7), s.sd(Dispersion.SAMPLE), 1e-15);
        assertEquals(0.4, s.cv(Dispersion.POPULATION));
        assertEquals(2.0, s.min());
        assertEquals(9.0, s.max());
        assertEquals(4.5, s.median());
    }

    @Test
    void quantileMethodsFollowNumpyDefinitions() {
        LengthStats s = LengthStats.of(10, 20, 30, 40); // h = 3p
        double p = 0.5; // h = 1.5 -> j = 1, g = 0.5
        assertEquals(25.0, s.quantile(p, QuantileMethod.LINEAR));
        assertEquals(20.0, s.quantile(p, QuantileMethod.LOWER));
        assertEquals(30.0, s.quantile(p, QuantileMethod.HIGHER));
        assertEquals(30.0, s.quantile(p, QuantileMethod.NEAREST)); // tie -> even index 2
        assertEquals(25.0, s.quantile(p, QuantileMethod.MIDPOINT));
        assertEquals(10.0, s.quantile(1.0 / 6, QuantileMethod.NEAREST)); // h = 0.5 -> even index 0
        assertEquals(22.5, s.percentile(((1 + 0.25) / 3) * 100, QuantileMethod.LINEAR), 1e-12);
        for (QuantileMethod m : QuantileMethod.values()) {
            assertEquals(10.0, s.quantile(0, m), m.name());
            assertEquals(40.0, s.quantile(1, m), m.name());
        }
    }

    @Test
    void largeOffsetLosesNoPrecision() {
        double[] x = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
        LengthStats s = LengthStats.of(x);
        assertEquals(1e9 + 10, s.mean());
        assertEquals(22.5, s.variance(Dispersion.POPULATION));
        assertEquals(30.0, s.variance(Dispersion.SAMPLE));
    }

    @Test
    void singleValue() {
        LengthStats s = LengthStats.of(7);
        assertEquals(0.0, s.sd(Dispersion.POPULATION));
        assertTrue(Double.isNaN(s.sd(Dispersion.SAMPLE)));
        assertEquals(7.0, s.quantile(0.3, QuantileMethod.LINEAR));
    }

    @Test
    void groupsKeepFirstSeenOrder() {
        record R(String k, double[] v) { }
        Map<String, LengthStats> g = LengthStats.byGroup(
                List.of(new R("b", new double[] {1, 2}), new R("a", new double[] {5}), new R("b", new double[] {3})),
                R::k, R::v);
        assertEquals(List.of("b", "a"), List.copyOf(g.keySet()));
        assertEquals(3, g.get("b").count());
        assertEquals(2.0, g.get("b").mean());
    }

    @Test
    void badInputIsRejectedClearly() {
        assertEquals("cannot summarise an empty group of lengths",
                assertThrows(IllegalArgumentException.class, () -> LengthStats.of(new double[0])).getMessage());
        assertEquals("length at index 1 is not finite: NaN",
                assertThrows(IllegalArgumentException.class, () -> LengthStats.of(1, Double.NaN)).getMessage());
        LengthStats s = LengthStats.of(1, 2);
        assertEquals("quantile probability must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> s.quantile(1.5, QuantileMethod.LINEAR))
                        .getMessage());
        assertEquals("percentile must be in [0, 100], got -1.0",
                assertThrows(IllegalArgumentException.class, () -> s.percentile(-1, QuantileMethod.LINEAR))
                        .getMessage());
        assertEquals("cannot group an empty collection of rows", assertThrows(IllegalArgumentException.class,
                () -> LengthStats.byGroup(List.<double[]>of(), x -> "k", x -> x)).getMessage());
        assertEquals("group k has no lengths", assertThrows(IllegalArgumentException.class,
                () -> LengthStats.byGroup(List.of(new double[0]), x -> "k", x -> x)).getMessage());
    }
}

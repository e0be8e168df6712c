package org.lmlab.plot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumberLabelsTest {

    @Test
    void compactLabels() {
        assertEquals("0.001", NumberLabels.compact(1e-3, 3));
        assertEquals("0.0003", NumberLabels.compact(3e-4, 3));
        assertEquals("3e-05", NumberLabels.compact(3e-5, 3));
        assertEquals("32", NumberLabels.compact(32, 3));
        assertEquals("2.35", NumberLabels.compact(2.3456, 3));
        assertEquals("1.23e+06", NumberLabels.compact(1234567, 3));
        assertEquals("-0.5", NumberLabels.compact(-0.5, 3));
        assertEquals("0", NumberLabels.compact(0, 3));
        assertEquals("0.3", NumberLabels.compact(0.30000000000000004, 4));
    }

    @Test
    void binaryLabelsForLengths() {
        assertEquals("512", NumberLabels.binary(512));
        assertEquals("1k", NumberLabels.binary(1024));
        assertEquals("1.5k", NumberLabels.binary(1536));
        assertEquals("12k", NumberLabels.binary(12288));
        assertEquals("512k", NumberLabels.binary(1 << 19));
        assertEquals("1M", NumberLabels.binary(1 << 20));
        assertEquals("1000", NumberLabels.binary(1000));
        assertEquals("1448", NumberLabels.binary(Math.pow(2, 10.5)), "2^10.5 = 1448.15");
        assertEquals("1025", NumberLabels.binary(1025));
        assertEquals("8k", NumberLabels.binary(Math.pow(2, Math.log(8192) / Math.log(2))), "rounding noise is dropped");
    }

    @Test
    void roundTicks() {
        assertEquals(List.of(2.2, 2.3, 2.4, 2.5, 2.6), NumberLabels.ticks(2.15, 2.65, 5));
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), NumberLabels.ticks(0, 1, 5));
        assertEquals(List.of(-10.0, 0.0, 10.0, 20.0), NumberLabels.ticks(-12, 27, 4));
    }

    @Test
    void colorScaleInterpolatesLikeXChartAndClamps() {
        ColorScale scale = new ColorScale(List.of(Color.BLACK, new Color(200, 100, 0), Color.WHITE), 0, 1);
        assertEquals(Color.BLACK, scale.color(-5));
        assertEquals(Color.WHITE, scale.color(1));
        assertEquals(new Color(200, 100, 0), scale.color(0.5));
        assertEquals(new Color(100, 50, 0), scale.color(0.25));
        assertEquals(new Color(227, 177, 127), scale.color(0.75));
    }
}

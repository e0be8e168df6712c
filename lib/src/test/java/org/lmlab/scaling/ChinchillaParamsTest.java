package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChinchillaParamsTest {

    @Test
    void naturalScaleAndPrediction() {
        ChinchillaParams p = ChinchillaParams.ofNatural(406.4, 410.7, 1.69, 0.34, 0.28);
        assertEquals(406.4, p.A(), 1e-10);
        assertEquals(410.7, p.B(), 1e-10);
        assertEquals(1.69, p.E(), 1e-12);
        double n = 70e9;
        double d = 1.4e12;
        double expected = 1.69 + 406.4 / Math.pow(n, 0.34) + 410.7 / Math.pow(d, 0.28);
        assertEquals(expected, p.predict(n, d), 1e-12);
        assertEquals(Math.log(expected), p.predictLog(n, d), 1e-12);
        assertEquals("L(N, D) = 1.690 + 406.4/N^0.3400 + 410.7/D^0.2800", p.formula());
    }

    @Test
    void rejectsNonFinite() {
        assertThrows(IllegalArgumentException.class, () -> new ChinchillaParams(1, Double.NaN, 0, 0.3, 0.3));
        assertThrows(IllegalArgumentException.class, () -> ChinchillaParams.ofNatural(-1, 1, 1, 0.3, 0.3));
    }
}

package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StartGridTest {

    @Test
    void replicationGridIsEnumeratedLikeItertoolsProduct() {
        StartGrid g = StartGrid.replication();
        assertEquals(4500, g.size());
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, g.alphas());
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, g.es());
        assertArrayEquals(new double[] {0, 5, 10, 15, 20, 25}, g.as());
        // start = (a, b, e, alpha, beta); product order alpha, beta, e, a, b (b fastest)
        assertArrayEquals(new double[] {0, 0, -1, 0, 0}, g.start(0));
        assertArrayEquals(new double[] {0, 5, -1, 0, 0}, g.start(1));
        assertArrayEquals(new double[] {5, 0, -1, 0, 0}, g.start(6));
        assertArrayEquals(new double[] {0, 0, -0.5, 0, 0}, g.start(36));
        assertArrayEquals(new double[] {0, 0, -1, 0, 0.5}, g.start(180));
        assertArrayEquals(new double[] {0, 0, -1, 0.5, 0}, g.start(900));
        assertArrayEquals(new double[] {25, 25, 1, 2, 2}, g.start(4499));
        assertThrows(IndexOutOfBoundsException.class, () -> g.start(4500));
        assertEquals("0.0,0.5,1.0,1.5,2.0;0.0,0.5,1.0,1.5,2.0;-1.0,-0.5,0.0,0.5,1.0;"
                + "0.0,5.0,10.0,15.0,20.0,25.0;0.0,5.0,10.0,15.0,20.0,25.0", g.spec());
    }

    @Test
    void rejectsEmptyOrNonFiniteAxes() {
        double[] ok = {0};
        assertThrows(IllegalArgumentException.class, () -> new StartGrid(new double[0], ok, ok, ok, ok));
        assertThrows(IllegalArgumentException.class, () -> new StartGrid(ok, ok, new double[] {Double.NaN}, ok, ok));
    }
}

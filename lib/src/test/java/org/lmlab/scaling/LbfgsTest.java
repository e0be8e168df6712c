package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void minimisesRosenbrock() {
        DifferentiableFunction rosen = (x, g) -> {
            double f = 0;
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i + 1 < x.length; i++) {
                double t = x[i + 1] - x[i] * x[i];
                double u = 1 - x[i];
                f += 100 * t * t + u * u;
                g[i] += -400 * x[i] * t - 2 * u;
                g[i + 1] += 200 * t;
            }
            return f;
        };
        Lbfgs.Result r = new Lbfgs(new Lbfgs.Options(10, 10_000, 1e-10, 0)).minimize(rosen,
                new double[] {-1.2, 1, -1.2, 1, -1.2, 1});
        assertEquals(Lbfgs.Status.GRADIENT, r.status(), r.toString());
        for (double v : r.x()) {
            assertEquals(1.0, v, 1e-9);
        }
        assertTrue(r.iterations() < 200, "iterations " + r.iterations());
    }

    @Test
    void minimisesIllConditionedQuadratic() {
        double[] scale = {1, 1e2, 1e4, 1e6};
        DifferentiableFunction q = (x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - i;
                f += 0.5 * scale[i] * d * d;
                g[i] = scale[i] * d;
            }
            return f;
        };
        Lbfgs.Result r = new Lbfgs(new Lbfgs.Options(5, 1000, 1e-8, 0)).minimize(q, new double[4]);
        assertEquals(Lbfgs.Status.GRADIENT, r.status());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, r.x()[i], 1e-8);
        }
    }

    @Test
    void reportsNonFiniteStart() {
        DifferentiableFunction bad = (x, g) -> {
            g[0] = 1;
            return Double.NaN;
        };
        Lbfgs.Result r = new Lbfgs(Lbfgs.Options.tight()).minimize(bad, new double[] {0});
        assertEquals(Lbfgs.Status.NOT_FINITE, r.status());
    }
}

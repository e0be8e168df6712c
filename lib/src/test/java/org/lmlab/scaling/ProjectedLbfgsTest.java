package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.formula.FormulaLaw;

/**
 * Bounded minimisation against scipy's L-BFGS-B with the same bounds: a Rosenbrock valley cut by a
 * bound, and the Chinchilla-form formula fitted to the 240 replication runs with two exponents held
 * away from their unbounded optimum (law_scipy.py, its own numpy gradients).
 */
class ProjectedLbfgsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** Rosenbrock, f = (1 − x)² + 100 (y − x²)². */
    private static final DifferentiableFunction ROSENBROCK = (x, g) -> {
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    };

    @Test
    void rosenbrockWithAnActiveBoundMatchesScipy() throws Exception {
        Bounds box = new Bounds(new double[] {-2, -INF}, new double[] {0.5, 3});
        Lbfgs.Result ours = new ProjectedLbfgs(Lbfgs.Options.tight(), box).minimize(ROSENBROCK, new double[] {-1.2, 1});
        String out = PythonReference.run("""
                import numpy as np
                from scipy.optimize import minimize
                def fg(x):
                    a, b = 1 - x[0], x[1] - x[0] ** 2
                    return a * a + 100 * b * b, np.array([-2 * a - 400 * x[0] * b, 200 * b])
                r = minimize(fg, [-1.2, 1], jac=True, method="L-BFGS-B", bounds=[(-2, 0.5), (None, 3)],
                             options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000})
                print(repr(float(r.x[0])), repr(float(r.x[1])), repr(float(r.fun)))
                """);
        double[] scipy = Arrays.stream(out.strip().split(" ")).mapToDouble(Double::parseDouble).toArray();
        System.out.printf("rosenbrock x<=0.5: lmlab %s f=%.17g; scipy %s f=%.17g%n", Arrays.toString(ours.x()),
                ours.value(), Arrays.toString(Arrays.copyOf(scipy, 2)), scipy[2]);
        assertEquals(0.5, ours.x()[0], 0.0, "the bound is active and met exactly");
        assertEquals(scipy[0], ours.x()[0], 0.0);
        assertEquals(scipy[1], ours.x()[1], 1e-9); // y = x² = 0.25 at the constrained optimum
        assertEquals(0.25, ours.x()[1], 1e-9);
        assertEquals(scipy[2], ours.value(), 1e-12);
        assertEquals(Lbfgs.Status.GRADIENT, ours.status(), "projected gradient below tolerance: " + ours);
    }

    @Test
    void interiorOptimumIsTheUnboundedOne() {
        Bounds loose = new Bounds(new double[] {-5, -5}, new double[] {5, 5});
        Lbfgs.Result bounded = new ProjectedLbfgs(Lbfgs.Options.tight(), loose).minimize(ROSENBROCK,
                new double[] {-1.2, 1});
        assertArrayEquals(new double[] {1, 1}, bounded.x(), 1e-9); // the valley's minimum, by hand
        Lbfgs.Result unbounded = new ProjectedLbfgs(Lbfgs.Options.tight(), Bounds.none(2)).minimize(ROSENBROCK,
                new double[] {-1.2, 1});
        Lbfgs.Result plain = new Lbfgs(Lbfgs.Options.tight()).minimize(ROSENBROCK, new double[] {-1.2, 1});
        assertArrayEquals(plain.x(), unbounded.x(), 0.0, "no finite bound: exactly the unbounded L-BFGS");
    }

    @Test
    void startOutsideTheBoxIsMovedIntoIt() {
        Bounds box = new Bounds(new double[] {-2, -INF}, new double[] {0.5, 3});
        Lbfgs.Result r = new ProjectedLbfgs(Lbfgs.Options.tight(), box).minimize(ROSENBROCK, new double[] {4, 9});
        assertEquals(0.5, r.x()[0], 0.0);
        assertEquals(0.25, r.x()[1], 1e-9);
    }

    @Test
    void badBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Bounds(new double[] {1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Bounds(new double[] {Double.NaN}, new double[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> new ProjectedLbfgs(Lbfgs.Options.tight(), new Bounds(new double[3], new double[] {1, 1, 1}))
                        .minimize(ROSENBROCK, new double[2]));
    }

    @Test
    void chinchillaFormulaWithHeldExponentsMatchesScipy() throws Exception {
        FormulaLaw law = FormulaFitScipyTest.law("E + A/N^alpha + B/D^beta", Map.of());
        ScalingData data = FormulaFitScipyTest.CHINCHILLA;
        // E, A, alpha, B, beta: the unbounded fit has alpha ≈ 0.35 and beta ≈ 0.37 (FormulaFitScipyTest)
        Bounds box = new Bounds(new double[] {0, 0, 0, 0, 0.4}, new double[] {INF, INF, 0.3, INF, 1});
        List<double[]> starts = IntStream.range(0, law.startCount()).filter(i -> i % 9 == 0).mapToObj(law::start)
                .toList();
        DifferentiableFunction objective = law.objective(data, null, 1e-3);
        ProjectedLbfgs optimiser = new ProjectedLbfgs(Lbfgs.Options.tight(), box);
        Lbfgs.Result best = null;
        for (double[] s : starts) {
            Lbfgs.Result r = optimiser.minimize(objective, s);
            if (Double.isFinite(r.value()) && (best == null || r.value() < best.value())) {
                best = r;
            }
        }
        Lbfgs.Options polish = new Lbfgs.Options(10, 10_000, 1e-12, 1e-15);
        Lbfgs.Result polished = new ProjectedLbfgs(polish, box).minimize(objective, best.x());
        Lbfgs.Result ours = polished.value() <= best.value() ? polished : best;
        LawScipy.Fit scipy = LawScipy.fit("formula-chinchilla", data, starts, null, null, box).get(0);
        for (int k = 0; k < 5; k++) {
            double rel = LawScipy.rel(ours.x()[k], scipy.theta()[k]);
            System.out.printf("bounded chinchilla formula %-6s lmlab %.12g scipy %.12g relative difference %.2e%n",
                    law.parameterNames().get(k), ours.x()[k], scipy.theta()[k], rel);
            assertTrue(rel < 1e-6, law.parameterNames().get(k) + ": " + ours.x()[k] + " vs " + scipy.theta()[k]);
        }
        assertEquals(0.3, ours.x()[2], 0.0, "alpha on its upper bound");
        assertEquals(0.4, ours.x()[4], 0.0, "beta on its lower bound");
        double rel = LawScipy.rel(ours.value(), scipy.objective());
        System.out.printf("bounded chinchilla formula objective lmlab %.15g scipy %.15g relative difference %.2e%n",
                ours.value(), scipy.objective(), rel);
        assertTrue(rel < 1e-9, ours.value() + " vs " + scipy.objective());
    }
}

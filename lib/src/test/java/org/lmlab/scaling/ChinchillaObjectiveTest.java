package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChinchillaObjectiveTest {

    private final ChinchillaObjective objective = new ChinchillaObjective(ChinchillaData.replicationRuns());

    @Test
    void valueMatchesDefinition() {
        List<Run> runs = List.of(new Run(1e8, 2e9, 3.1), new Run(1e9, 2e10, 2.6), new Run(1e10, 2e11, 2.2));
        ChinchillaParams p = ChinchillaParams.ofNatural(406.4, 410.7, 1.69, 0.34, 0.28);
        double expected = 0;
        for (Run r : runs) {
            double res = Math.log(p.predict(r.params(), r.tokens())) - Math.log(r.loss());
            double d = 1e-3;
            expected += Math.abs(res) <= d ? res * res / 2 : d * (Math.abs(res) - d / 2);
        }
        assertEquals(expected, new ChinchillaObjective(runs).value(p), 1e-15);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        // Points in both Huber regimes: near the optimum (many residuals inside δ) and at grid starts.
        double[][] points = {
            {6.169, 7.670, 0.5973, 0.3473, 0.3672},
            {6.0073404, 6.0179186, 0.5267228, 0.33917084, 0.2849083},
            {5, 10, -0.5, 0.5, 1.0},
            {20, 15, 0.5, 1.5, 1.0},
        };
        for (double[] x : points) {
            double[] g = new double[5];
            objective.valueAndGradient(x, g);
            double worst = 0;
            for (int k = 0; k < 5; k++) {
                double h = 1e-6 * Math.max(1, Math.abs(x[k]));
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[k] += h;
                xm[k] -= h;
                double fd = (objective.valueAndGradient(xp, new double[5]) - objective.valueAndGradient(xm, new double[5]))
                        / (2 * h);
                double err = Math.abs(fd - g[k]) / Math.max(1e-6, Math.abs(g[k]));
                worst = Math.max(worst, err);
                assertEquals(g[k], fd, 1e-5 * Math.max(1e-3, Math.abs(g[k])), "component " + k + " at point "
                        + java.util.Arrays.toString(x));
            }
            System.out.printf("gradient check at %s: worst relative error %.2e%n", java.util.Arrays.toString(x), worst);
        }
    }
}

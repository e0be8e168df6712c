package org.lmlab.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.model.engine.DjlRuntime;

/** AdamW against the published rule (Loshchilov & Hutter 2019, Algorithm 2; torch.optim.AdamW) by hand. */
class AdamWTest {

    static final double LR = 0.01;
    static final double WD = 0.1;
    static final double B1 = 0.9;
    static final double B2 = 0.999;
    static final double EPS = 1e-8;

    @Test
    void twoStepsEqualTheRuleComputedByHand() {
        double[] p0 = {0.5, -1.0, 2.0};
        double[] g1 = {0.1, -0.2, 0.3};
        double[] g2 = {-0.05, 0.4, 0.0};
        double[] bias0 = {0.25, -0.75};
        double[] biasG = {0.5, 0.5};
        try (NDManager m = NDManager.newBaseManager(DjlRuntime.pytorch().getEngineName());
             AdamW adamw = new AdamW(new AdamW.Settings(B1, B2, EPS, WD), m)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("w", m.create(p0.clone()));
            params.put("norm", m.create(bias0.clone()));
            adamw.step(params, Map.of("w", m.create(g1), "norm", m.create(biasG)), LR, 1, "w"::equals);
            // step 1 by hand: m̂ = g, v̂ = g², so θ1 = θ0 (1 − lr λ) − lr g / (|g| + ε);
            // for θ0 = 0.5, g = 0.1: 0.5 · 0.999 − 0.01 · 0.1 / (0.1 + 1e-8) = 0.4995 − 0.009999999 = 0.489500001
            assertEquals(0.489500001, params.get("w").toDoubleArray()[0], 1e-12);
            double[] expected1 = rule(p0, new double[3], new double[3], g1, 1, true);
            assertArrayEquals(expected1, params.get("w").toDoubleArray(), 1e-15);
            // no decay for "norm": θ1 = θ0 − lr · sign(g) (up to ε)
            assertArrayEquals(new double[] {0.25 - 0.01 * 0.5 / (0.5 + EPS), -0.75 - 0.01 * 0.5 / (0.5 + EPS)},
                    params.get("norm").toDoubleArray(), 1e-15);

            // step 2 with a gradient scale of 0.5 (clipping): the rule on g2 · 0.5
            double[] halved = {g2[0] * 0.5, g2[1] * 0.5, g2[2] * 0.5};
            adamw.step(params, Map.of("w", m.create(g2), "norm", m.create(biasG)), LR, 0.5, "w"::equals);
            double[] m1 = new double[3];
            double[] v1 = new double[3];
            for (int i = 0; i < 3; i++) {
                m1[i] = (1 - B1) * g1[i];
                v1[i] = (1 - B2) * g1[i] * g1[i];
            }
            double[] expected2 = rule(expected1, m1, v1, halved, 2, true);
            assertArrayEquals(expected2, params.get("w").toDoubleArray(), 1e-15);
            assertEquals(2, adamw.steps());
        }
    }

    /**
     * One step of the published rule in plain doubles: θ ← θ(1 − lr λ); m ← β1 m + (1−β1) g;
     * v ← β2 v + (1−β2) g²; θ ← θ − lr (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε).
     */
    private static double[] rule(double[] theta, double[] m, double[] v, double[] g, int t, boolean decay) {
        double[] out = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double p = decay ? theta[i] * (1 - LR * WD) : theta[i];
            double mi = B1 * m[i] + (1 - B1) * g[i];
            double vi = B2 * v[i] + (1 - B2) * g[i] * g[i];
            double mHat = mi / (1 - Math.pow(B1, t));
            double vHat = vi / (1 - Math.pow(B2, t));
            out[i] = p - LR * mHat / (Math.sqrt(vHat) + EPS);
        }
        return out;
    }
}

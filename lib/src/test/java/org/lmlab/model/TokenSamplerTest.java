package org.lmlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;

/** Sampling frequencies against the temperature / top-k / top-p distribution numpy computes. */
class TokenSamplerTest {

    static final float[] LOGITS = {2.0f, -1.0f, 1.0f, 0.5f, 0.0f, 1.5f};

    static final String NUCLEUS = String.join("\n",
            "import json, sys, numpy as np",
            "l = np.array(json.loads(sys.argv[1]), dtype=np.float64); t, k, p = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])",
            "order = np.argsort(-l, kind='stable')[:k]",
            "w = np.exp(l[order] / t - (l[order] / t).max()); w /= w.sum()",
            "keep = int(np.searchsorted(np.cumsum(w), p) + 1)  # shortest prefix reaching p",
            "probs = np.zeros_like(l); probs[order[:keep]] = w[:keep] / w[:keep].sum()",
            "print(json.dumps(probs.tolist()))");

    @Test
    void frequenciesFollowTheTruncatedDistribution() throws Exception {
        double t = 0.8;
        int k = 5;
        double p = 0.85;
        JsonArray expected = JsonParser.parseString(PythonReference.run(NUCLEUS,
                java.util.Arrays.toString(LOGITS), Double.toString(t), Integer.toString(k), Double.toString(p))).getAsJsonArray();
        TokenSampler sampler = new TokenSampler(SamplingOptions.sample(t, k, p, 42));
        int draws = 200_000;
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.next(LOGITS)]++;
        }
        for (int i = 0; i < LOGITS.length; i++) {
            double want = expected.get(i).getAsDouble();
            double got = counts[i] / (double) draws;
            // 5 binomial standard deviations
            double sd = Math.sqrt(want * (1 - want) / draws);
            assertEquals(want, got, 5 * sd + 1e-12, "token " + i);
        }
    }

    @Test
    void sameSeedSameDraws() {
        TokenSampler a = new TokenSampler(SamplingOptions.sample(1.0, 0, 1.0, 7));
        TokenSampler b = new TokenSampler(SamplingOptions.sample(1.0, 0, 1.0, 7));
        for (int i = 0; i < 100; i++) {
            assertEquals(a.next(LOGITS), b.next(LOGITS));
        }
    }

    @Test
    void greedyAndTopOneTakeTheArgmax() {
        assertEquals(0, new TokenSampler(SamplingOptions.greedy()).next(LOGITS));
        assertEquals(0, new TokenSampler(SamplingOptions.sample(2.0, 1, 1.0, 3)).next(LOGITS));
        assertTrue(SamplingOptions.greedy().isGreedy());
    }
}

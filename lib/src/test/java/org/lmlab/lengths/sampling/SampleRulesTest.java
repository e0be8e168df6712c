package org.lmlab.lengths.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.castillo.Degeneracy;
import org.lmlab.model.Generator;
import org.lmlab.model.LanguageModel;
import org.lmlab.reference.PythonReference;

/**
 * The rules of a sample table checked against outside references: the documented seed derivation
 * recomputed in Python, CASTILLO's length count as upstream's {@code get_len_out_tokens_batch}
 * computes it on padded outputs (numpy), and the degeneracy thresholds by hand.
 */
class SampleRulesTest {

    static final String SEEDS = """
            import json, sys
            M = (1 << 64) - 1
            def mix(z):
                z = (z + 0x9e3779b97f4a7c15) & M
                z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
                z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
                return z ^ (z >> 31)
            def fnv(s):
                h = 0xcbf29ce484222325
                for b in s.encode('utf-8'):
                    h = ((h ^ b) * 0x100000001b3) & M
                return h
            out = []
            for seed, pid, sample in json.load(open(sys.argv[1]))['cases']:
                v = mix((mix((seed & M) ^ fnv(pid)) + sample) & M)
                out.append(str(v - (1 << 64) if v >= 1 << 63 else v))
            print(json.dumps({'seeds': out}))
            """;

    @Test
    void sampleSeedsFollowTheDocumentedDerivation() throws Exception {
        List<List<Object>> cases = new ArrayList<>();
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE, Long.MIN_VALUE}) {
            for (String id : new String[] {"0", "17", "a1b2c3d4e5f60708", "prompt ü €", ""}) {
                for (int sample : new int[] {0, 1, 9}) {
                    cases.add(List.of(seed, id, sample));
                }
            }
        }
        JsonObject ref = PythonReference.runOnJson(SEEDS, Map.of("cases", cases));
        JsonArray seeds = ref.getAsJsonArray("seeds");
        for (int i = 0; i < cases.size(); i++) {
            List<Object> c = cases.get(i);
            assertEquals(Long.parseLong(seeds.get(i).getAsString()),
                    SampleSeeds.derive((Long) c.get(0), (String) c.get(1), (Integer) c.get(2)), c.toString());
        }
    }

    static final String CASTILLO_COUNT = """
            import json, sys
            import numpy as np
            # upstream src/data/rawdata_processor.py get_len_out_tokens_batch, with numpy for torch:
            # the new tokens of a batch, padded with the pad token (= EOS) after a sequence ends
            pad = 2
            rows = json.load(open(sys.argv[1]))['rows']
            width = max(len(r) for r in rows)
            out = np.array([r + [pad] * (width - len(r)) for r in rows])
            print(json.dumps({'lengths': (np.sum(out != pad, axis=1) + 1).tolist()}))
            """;

    @Test
    void outputTokensCountAsCastillosCodeDoes() throws Exception {
        int eos = 2;
        // ended on EOS after 4 and 0 other tokens; cut at the cap (7 new tokens, no EOS)
        List<LanguageModel.Generation> gens = List.of(
                generation(new int[] {5, 6, 7, 8, eos}, Generator.StopReason.STOP_TOKEN),
                generation(new int[] {eos}, Generator.StopReason.STOP_TOKEN),
                generation(new int[] {5, 6, 7, 8, 9, 10, 11}, Generator.StopReason.MAX_TOKENS),
                generation(new int[] {9, 9, 9}, Generator.StopReason.CONTEXT_FULL));
        List<List<Integer>> rows = new ArrayList<>();
        for (LanguageModel.Generation g : gens) {
            rows.add(java.util.Arrays.stream(g.tokens()).boxed().toList());
        }
        JsonArray ref = PythonReference.runOnJson(CASTILLO_COUNT, Map.of("rows", rows)).getAsJsonArray("lengths");
        for (int i = 0; i < gens.size(); i++) {
            assertEquals(ref.get(i).getAsInt(), LengthSampler.outputTokens(gens.get(i)), "generation " + i);
        }
        assertEquals(List.of(5, 1, 8, 4), gens.stream().map(LengthSampler::outputTokens).toList());
    }

    static LanguageModel.Generation generation(int[] tokens, Generator.StopReason reason) {
        return new LanguageModel.Generation("", 3, tokens, reason, 1.0);
    }

    @Test
    void degeneracyThresholdsScaleWithTheCapAndAreCastillosAt15000() {
        assertEquals(Degeneracy.CAP, Degeneracy.capFor(15_000));
        assertEquals(Degeneracy.LONG, Degeneracy.longFor(15_000));
        // M = 512: cap 511; long = round(512 * 8500 / 15000) - 1 = round(290.13) - 1 = 289
        assertEquals(511, Degeneracy.capFor(512));
        assertEquals(289, Degeneracy.longFor(512));
        // a sample cut at the cap counts 513 (CASTILLO's unit): flagged
        assertTrue(Degeneracy.isDegenerate(new int[] {20, 30, 513}, 512));
        // 511 reaches the cap threshold; 510 does not, and {20, 30, 510} has mean 186.7, SD 228.7 < 2 mean
        assertTrue(Degeneracy.isDegenerate(new int[] {20, 30, 511}, 512));
        assertFalse(Degeneracy.isDegenerate(new int[] {20, 30, 510}, 512));
        // nine 1s and one 300: mean 30.9, population SD 89.7 > 2 mean, max 300 > 289: flagged
        int[] spread = {1, 1, 1, 1, 1, 1, 1, 1, 1, 300};
        assertTrue(Degeneracy.isDegenerate(spread, 512));
        // the same spread with max 289 (SD 86.4 > 2 × 29.8) is not long enough
        spread[9] = 289;
        assertFalse(Degeneracy.isDegenerate(spread, 512));
        // at CASTILLO's cap neither is flagged
        spread[9] = 300;
        assertFalse(Degeneracy.isDegenerate(spread));
        assertThrows(IllegalArgumentException.class, () -> Degeneracy.capFor(0));
    }

    static final String DEGENERACY = """
            import json, math, sys
            import numpy as np
            # docs/lengths.md: degenerate = max >= cap or (population SD > 2 mean and max > long), with
            # cap = M - 1 and long = round(M * 8500 / 15000) - 1, rounded half up
            out = []
            for m, lengths in json.load(open(sys.argv[1]))['cases']:
                x = np.array(lengths, dtype=float)
                cap, long = m - 1, math.floor(m * 8500 / 15000 + 0.5) - 1
                out.append(bool(x.max() >= cap or (x.std() > 2 * x.mean() and x.max() > long)))
            print(json.dumps({'flags': out}))
            """;

    @Test
    void degenerateFlagsEqualTheDocumentedRuleInNumpyOnConstructedCases() throws Exception {
        List<List<Object>> cases = new ArrayList<>();
        java.util.Random random = new java.util.Random(18);
        // M = 15, 45 and 75 put M * 8500 / 15000 on a half (8.5, 25.5, 42.5): the threshold rounds up
        for (int m : new int[] {1, 2, 6, 15, 45, 64, 75, 96, 512, 15_000}) {
            int cap = Degeneracy.capFor(m);
            int longest = Degeneracy.longFor(m);
            for (int top : new int[] {cap - 1, cap, cap + 1, m + 1, longest, longest + 1}) {
                if (top >= 1) {
                    // nine short responses and one long: SD > 2 mean once top is large enough
                    cases.add(List.of(m, lengths(1, 9, top)));
                    cases.add(List.of(m, lengths(Math.max(1, top / 2), 9, top)));
                }
            }
            // {0, 0, 0, 0, x}: SD = 2 mean exactly, which the strict rule does not flag
            int tie = 5 * Math.max(1, (longest + 5) / 5);
            cases.add(List.of(m, new int[] {0, 0, 0, 0, tie}));
            for (int i = 0; i < 30; i++) {
                int[] x = new int[1 + random.nextInt(10)];
                for (int j = 0; j < x.length; j++) {
                    x[j] = random.nextInt(4) == 0 ? 1 + random.nextInt(m + 1) : 1 + random.nextInt(Math.max(1, m / 8));
                }
                cases.add(List.of(m, x));
            }
        }
        JsonArray flags = PythonReference.runOnJson(DEGENERACY, Map.of("cases", cases)).getAsJsonArray("flags");
        int flagged = 0;
        for (int i = 0; i < cases.size(); i++) {
            int m = (Integer) cases.get(i).get(0);
            int[] x = (int[]) cases.get(i).get(1);
            boolean expected = flags.get(i).getAsBoolean();
            assertEquals(expected, Degeneracy.isDegenerate(x, m), "M = " + m + ": " + java.util.Arrays.toString(x));
            flagged += expected ? 1 : 0;
        }
        System.out.printf("degenerate: %d of %d constructed cases flagged, numpy's rule agrees on all%n", flagged,
                cases.size());
        // both outcomes are exercised, and the thresholds at the half-way caps round up
        assertTrue(flagged > 50 && flagged < cases.size() - 50, flagged + " of " + cases.size());
        assertEquals(8, Degeneracy.longFor(15));
        assertEquals(25, Degeneracy.longFor(45));
    }

    static int[] lengths(int value, int count, int last) {
        int[] x = new int[count + 1];
        java.util.Arrays.fill(x, value);
        x[count] = last;
        return x;
    }
}

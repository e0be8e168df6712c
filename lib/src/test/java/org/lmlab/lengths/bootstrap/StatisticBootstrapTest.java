package org.lmlab.lengths.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.progress.Cancellation;
import org.lmlab.reference.PythonReference;
import org.lmlab.stats.Interval;

/**
 * Percentile intervals replayed in numpy from the same resample indices: the statistic per resample
 * ({@code np.mean}, {@code np.median}, {@code np.percentile}) and the interval ({@code np.percentile}, linear).
 */
class StatisticBootstrapTest {

    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            d = json.load(open(sys.argv[1]))
            a, b, idx = np.asarray(d["a"]), np.asarray(d["b"]), np.asarray(d["idx"])
            stats = {"mean": np.mean, "median": np.median, "p90": lambda v: np.percentile(v, 90)}
            out = {}
            for name, f in stats.items():
                reps = np.array([f(a[i]) for i in idx])
                diff = np.array([f(a[i]) - f(b[i]) for i in idx])
                out[name] = {"one": [float(f(a))] + [float(v) for v in np.percentile(reps, [2.5, 97.5])] + [float(reps.std(ddof=1))],
                             "paired": [float(f(a) - f(b))] + [float(v) for v in np.percentile(diff, [2.5, 97.5])]}
            print(json.dumps(out))
            """;

    @Test
    void intervalsEqualNumpyOnTheSameResamples() throws Exception {
        List<CastilloRow> rows = CastilloReader.read(PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl"));
        String modelA = rows.get(0).model();
        Map<String, double[]> byPrompt = new TreeMap<>();
        String modelB = null;
        for (CastilloRow r : rows) {
            if (modelB == null && !r.model().equals(modelA)) {
                modelB = r.model();
            }
        }
        for (CastilloRow r : rows) {
            int side = r.model().equals(modelA) ? 0 : r.model().equals(modelB) ? 1 : -1;
            if (side >= 0) {
                byPrompt.computeIfAbsent(r.dataset() + "/" + r.promptId(), k -> new double[] {Double.NaN, Double.NaN})[side] =
                        r.storedMean();
            }
        }
        double[] a = byPrompt.values().stream().filter(v -> !Double.isNaN(v[0] + v[1])).mapToDouble(v -> v[0]).toArray();
        double[] b = byPrompt.values().stream().filter(v -> !Double.isNaN(v[0] + v[1])).mapToDouble(v -> v[1]).toArray();
        StatisticBootstrap boot = new StatisticBootstrap(500, 42);
        int[][] idx = boot.indices(a.length);
        assertArrayEquals(idx[7], new StatisticBootstrap(500, 42).indices(a.length)[7], "same seed, same resamples");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("a", a);
        input.put("b", b);
        input.put("idx", idx);
        JsonObject ref = PythonReference.runOnJson(SCRIPT, input);
        for (String name : List.of("mean", "median", "p90")) {
            double[] one = new Gson().fromJson(ref.getAsJsonObject(name).getAsJsonArray("one"), double[].class);
            Interval ci = boot.interval(a, StatisticBootstrap.statistic(name), 0.95);
            assertArrayEquals(one, new double[] {ci.estimate(), ci.lower(), ci.upper(), ci.standardError()},
                    1e-9 * Math.abs(one[0]), name);
            double[] paired = new Gson().fromJson(ref.getAsJsonObject(name).getAsJsonArray("paired"), double[].class);
            Interval d = boot.pairedDifference(a, b, StatisticBootstrap.statistic(name), 0.95);
            assertArrayEquals(paired, new double[] {d.estimate(), d.lower(), d.upper()}, 1e-9 * Math.abs(one[0]),
                    name + " paired difference");
        }
    }

    @Test
    void badInputIsNamed() {
        assertEquals("unknown statistic 'mode'; use mean, median, sd or pNN (0-100)",
                assertThrows(IllegalArgumentException.class, () -> StatisticBootstrap.statistic("mode")).getMessage());
        assertEquals("cannot bootstrap an empty group",
                assertThrows(IllegalArgumentException.class, () -> new StatisticBootstrap(10, 1).indices(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StatisticBootstrap(10, 1).pairedDifference(new double[] {1, 2},
                new double[] {1}, StatisticBootstrap.statistic("mean"), 0.95));
        assertThrows(IllegalArgumentException.class, () -> new StatisticBootstrap(1, 1));
    }

    @Test
    void replicatesThatCannotFitAreRefusedBeforeAllocating() {
        double[] x = new double[200];
        Arrays.fill(x, 3);
        StatisticBootstrap huge = new StatisticBootstrap(Integer.MAX_VALUE, 1);
        MemoryBudget.TooLargeException e = assertThrows(MemoryBudget.TooLargeException.class,
                () -> huge.difference(x, x, StatisticBootstrap.statistic("mean"), 0.95));
        assertTrue(e.getMessage().startsWith("replicates 2147483647 needs ~48.0 GiB of memory; the kernel has "),
                e.getMessage());
        assertTrue(e.largestCount() < Integer.MAX_VALUE && e.largestCount() * StatisticBootstrap.BYTES_PER_REPLICATE
                <= e.freeBytes(), e.getMessage());
        assertThrows(MemoryBudget.TooLargeException.class, () -> huge.indices(200));
    }

    @Test
    void aRequestedStopEndsTheReplicatesPromptly() {
        double[] x = {1, 2, 3, 4, 5};
        AtomicInteger calls = new AtomicInteger();
        ToDoubleFunction<double[]> stopsAtTen = s -> {
            if (calls.incrementAndGet() == 10) {
                Cancellation.request();
            }
            return s[0];
        };
        try {
            assertThrows(Cancellation.CancelledException.class,
                    () -> new StatisticBootstrap(1_000_000, 1).pairedDifference(x, x, stopsAtTen, 0.95));
            assertTrue(calls.get() <= 11, "replicates after the request: " + (calls.get() - 10));
        } finally {
            Cancellation.reset();
        }
        assertEquals(3, new StatisticBootstrap(100, 1).interval(x, StatisticBootstrap.statistic("mean"), 0.9).estimate(), 0);
    }
}

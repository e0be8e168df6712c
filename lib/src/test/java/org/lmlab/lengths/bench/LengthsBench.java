package org.lmlab.lengths.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.stats.QuantileMethod;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.lengths.fit.Family;
import org.lmlab.lengths.fit.LengthFits;

/**
 * Benchmark entry point for {@code bench/lengths_bench.py}: statistics and every family's fit for every CASTILLO
 * (model, dataset) group, timed per task (best of the repeats, after one warm-up pass), printed as one JSON object
 * of seconds. Args: CASTILLO file, repeats.
 */
public final class LengthsBench {

    private LengthsBench() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<CastilloRow> rows = CastilloReader.read(file);
        List<double[]> groups = new ArrayList<>(
                LengthStats.byGroup(rows, CastilloRow::modelDataset, CastilloRow::lengths).values().stream()
                        .map(LengthStats::sortedValues).toList());
        Map<String, Runnable> tasks = new LinkedHashMap<>();
        tasks.put("stats", () -> groups.forEach(x -> {
            LengthStats s = LengthStats.of(x);
            sink += s.mean() + s.sd(Dispersion.POPULATION) + s.sd(Dispersion.SAMPLE);
            for (double q : new double[] {0.25, 0.5, 0.75, 0.99}) {
                sink += s.quantile(q, QuantileMethod.LINEAR);
            }
        }));
        for (Family f : Family.values()) {
            tasks.put(f.name().toLowerCase(Locale.ROOT), () -> groups.forEach(x -> sink += LengthFits.fit(f, x).ks()));
        }
        StringBuilder json = new StringBuilder("{\"groups\": " + groups.size());
        for (Map.Entry<String, Runnable> t : tasks.entrySet()) {
            t.getValue().run();
            double best = Double.POSITIVE_INFINITY;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                t.getValue().run();
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            json.append(", \"").append(t.getKey()).append("\": ").append(best);
        }
        System.out.println(json.append(", \"sink\": ").append(sink).append('}'));
    }

    /** Keeps the JIT from dropping the work. */
    private static double sink;
}

package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * The accuracy summary of a retrieval sweep against pandas and statsmodels: the same trial rows
 * grouped with {@code groupby(["method", "length", "depth"], sort=False)} and each group's Wilson
 * interval from {@code proportion_confint(correct, trials, alpha=0.05, method="wilson")}.
 */
class AccuracyTableTest {

    static final String SCRIPT = """
            import json, sys
            import pandas as pd
            from statsmodels.stats.proportion import proportion_confint
            rows = pd.DataFrame(json.load(open(sys.argv[1])))
            out = []
            for (method, length, depth), g in rows.groupby(["method", "length", "depth"], sort=False):
                n, k = len(g), int(g["correct"].sum())
                low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
                out.append({"method": method, "length": int(length), "depth": float(depth), "trials": n,
                            "correct": k, "accuracy": k / n, "low": float(low), "high": float(high)})
            print(json.dumps({"groups": out}))
            """;

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    @Test
    void groupsAndIntervalsEqualPandasAndStatsmodels() throws Exception {
        // 3 methods x 2 lengths x 3 depths, 1 to 7 trials each, rows in a sweep's cell order.
        Random random = new Random(16);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int length : new int[] {4096, 8192}) {
            for (String method : List.of("none", "yarn:2", "sinks:4+2044")) {
                for (double depth : new double[] {0.1, 0.5, 0.9}) {
                    int trials = 1 + random.nextInt(7);
                    double p = random.nextDouble();
                    for (int seed = 1; seed <= trials; seed++) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("method", method);
                        row.put("length", length);
                        row.put("depth", depth);
                        row.put("seed", seed);
                        row.put("correct", random.nextDouble() < p);
                        rows.add(row);
                    }
                }
            }
        }
        JsonArray groups = PythonReference.runOnJson(SCRIPT, rows).getAsJsonArray("groups");
        try (Table results = table(rows); Table summary = AccuracyTable.of(results, arrow.allocator())) {
            assertEquals(List.of("method", "length", "depth", "trials", "correct", "accuracy", "low", "high"),
                    summary.columnNames());
            assertEquals(groups.size(), summary.rowCount());
            assertEquals(18, summary.rowCount());
            double worst = 0;
            for (int r = 0; r < groups.size(); r++) {
                JsonObject g = groups.get(r).getAsJsonObject();
                assertEquals(g.get("method").getAsString(), summary.getString("method", r));
                assertEquals(g.get("length").getAsLong(), summary.getLong("length", r));
                assertEquals(g.get("depth").getAsDouble(), summary.getDouble("depth", r), 0.0);
                assertEquals(g.get("trials").getAsLong(), summary.getLong("trials", r));
                assertEquals(g.get("correct").getAsLong(), summary.getLong("correct", r));
                assertEquals(g.get("accuracy").getAsDouble(), summary.getDouble("accuracy", r), 1e-15);
                assertEquals(g.get("low").getAsDouble(), summary.getDouble("low", r), 1e-12);
                assertEquals(g.get("high").getAsDouble(), summary.getDouble("high", r), 1e-12);
                worst = Math.max(worst, Math.max(Math.abs(g.get("low").getAsDouble() - summary.getDouble("low", r)),
                        Math.abs(g.get("high").getAsDouble() - summary.getDouble("high", r))));
            }
            System.out.println(summary.rowCount() + " groups, max |interval difference| from statsmodels " + worst);
        }
    }

    @Test
    void aTableWithoutTrialsIsRefused() {
        try (Table ppl = Table.builder(arrow.allocator(), "ppl sweep").utf8("method", "none").int64("length", 1024L)
                .float64("depth", (Double) null).float64("ppl", 12.5).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AccuracyTable.of(ppl, arrow.allocator()));
            assertTrue(e.getMessage().startsWith("table 'ppl sweep' has no correct column"), e.getMessage());
        }
    }

    private Table table(List<Map<String, Object>> rows) {
        List<Object> method = new ArrayList<>();
        List<Object> length = new ArrayList<>();
        List<Object> depth = new ArrayList<>();
        List<Object> seed = new ArrayList<>();
        List<Object> correct = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            method.add(row.get("method"));
            length.add(((Integer) row.get("length")).longValue());
            depth.add(row.get("depth"));
            seed.add(((Integer) row.get("seed")).longValue());
            correct.add(row.get("correct"));
        }
        return Table.builder(arrow.allocator(), "passkey sweep")
                .column(ColumnSchema.of("method", ColumnType.UTF8), method)
                .column(ColumnSchema.of("length", ColumnType.INT64), length)
                .column(ColumnSchema.of("depth", ColumnType.FLOAT64), depth)
                .column(ColumnSchema.of("seed", ColumnType.INT64), seed)
                .column(ColumnSchema.of("correct", ColumnType.BOOL), correct)
                .build();
    }
}

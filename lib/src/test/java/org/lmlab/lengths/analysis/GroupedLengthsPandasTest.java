package org.lmlab.lengths.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.Dispersion;
import org.lmlab.stats.QuantileMethod;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.Table;

/**
 * The grouped length analyses side by side with pandas: {@link StatsRequest} against
 * {@code groupby(sort=False)} with {@code std(ddof)} and {@code quantile} (NaN for the sample SD of a
 * single length, as pandas), and {@link PlotGroups#promptLengths} against pandas' per-group prompt
 * split. The table is every sixth CASTILLO test prompt's lengths, one row per sample, in shuffled order (so groups and
 * prompts interleave and first-seen orders differ per group), plus a group of one length and a group
 * of zeros.
 */
class GroupedLengthsPandasTest {

    static final Path CASTILLO = PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl");
    static final double REL = 1e-9;

    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            import pandas as pd
            df = pd.DataFrame(json.load(open(sys.argv[1])))
            def nan_to_none(v):
                v = float(v)
                return None if np.isnan(v) else v
            def stats(ddof):
                rows = []
                for key, g in df.groupby(["model", "dataset"], sort=False):
                    x = g["length"]
                    with np.errstate(all="ignore"):
                        cv = np.float64(x.std(ddof=ddof)) / np.float64(x.mean())
                    rows.append({"key": list(key), "count": int(x.size), "mean": float(x.mean()),
                                 "sd": nan_to_none(x.std(ddof=ddof)), "cv": nan_to_none(cv),
                                 "min": float(x.min()), "max": float(x.max()),
                                 "q": [float(x.quantile(p)) for p in (0.1, 0.5, 0.99)]})
                return rows
            # the first row of each prompt in the whole table ranks the prompts
            prompt = df["dataset"] + "\\0" + df["prompt_id"]
            rank = prompt.map({p: i for i, p in enumerate(prompt.drop_duplicates())})
            prompts = {}
            for model, g in df.groupby("model", sort=False):
                prompts[model] = [part["length"].tolist() for _, part in g.groupby(rank.loc[g.index], sort=True)]
            print(json.dumps({"population": stats(0), "sample": stats(1), "prompts": prompts,
                              "models": list(df["model"].drop_duplicates())}))
            """;

    private static RootAllocator allocator;
    private static Table table;
    private static JsonObject reference;

    @BeforeAll
    static void build() throws Exception {
        List<String[]> rows = new ArrayList<>(); // model, dataset, prompt_id, length
        List<CastilloRow> castillo = CastilloReader.read(CASTILLO);
        for (int i = 0; i < castillo.size(); i += 6) {
            CastilloRow r = castillo.get(i);
            for (int s : r.outputSizes()) {
                rows.add(new String[] {r.model(), r.dataset(), r.promptId(), Integer.toString(s)});
            }
        }
        Collections.shuffle(rows, new Random(20));
        rows.add(new String[] {"solo", "one", "p1", "7"});
        rows.add(new String[] {"zero", "z", "p2", "0"});
        rows.add(new String[] {"zero", "z", "p2", "0"});
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (String c : List.of("model", "dataset", "prompt_id", "length")) {
            columns.put(c, new ArrayList<>());
        }
        for (String[] r : rows) {
            columns.get("model").add(r[0]);
            columns.get("dataset").add(r[1]);
            columns.get("prompt_id").add(r[2]);
            columns.get("length").add(Double.parseDouble(r[3]));
        }
        allocator = new RootAllocator();
        table = Table.builder(allocator, "castillo shuffled")
                .utf8("model", columns.get("model").toArray(String[]::new))
                .utf8("dataset", columns.get("dataset").toArray(String[]::new))
                .utf8("prompt_id", columns.get("prompt_id").toArray(String[]::new))
                .float64("length", columns.get("length").toArray(Double[]::new)).build();
        Path input = Files.createTempFile("lmlab-grouped", ".json");
        try {
            Files.writeString(input, new Gson().toJson(columns));
            reference = new Gson().fromJson(PythonReference.run(SCRIPT, input.toString()), JsonObject.class);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    @AfterAll
    static void close() {
        table.close();
        allocator.close();
    }

    @Test
    void statsPerGroupMatchPandas() {
        for (Dispersion d : Dispersion.values()) {
            StatsRequest request = new StatsRequest("length", List.of("model", "dataset"), d,
                    new double[] {0.1, 0.5, 0.99}, QuantileMethod.LINEAR);
            JsonArray expected = reference.getAsJsonArray(d == Dispersion.POPULATION ? "population" : "sample");
            double worst = 0;
            int nanSd = 0;
            try (Table t = request.run(table, allocator, "stats")) {
                assertEquals(List.of("model", "dataset", "count", "mean", "sd", "cv", "min", "q0.1", "q0.5", "q0.99",
                        "max"), t.columnNames());
                assertEquals(expected.size(), t.rowCount(), "groups");
                for (int row = 0; row < t.rowCount(); row++) {
                    JsonObject e = expected.get(row).getAsJsonObject();
                    String label = d + " " + e.get("key");
                    assertEquals(e.getAsJsonArray("key").get(0).getAsString(), t.getString("model", row), label);
                    assertEquals(e.getAsJsonArray("key").get(1).getAsString(), t.getString("dataset", row), label);
                    assertEquals(e.get("count").getAsLong(), t.getLong("count", row), label);
                    assertEquals(e.get("min").getAsDouble(), t.getDouble("min", row), label);
                    assertEquals(e.get("max").getAsDouble(), t.getDouble("max", row), label);
                    worst = Math.max(worst, rel(label + " mean", e.get("mean"), t.getDouble("mean", row)));
                    worst = Math.max(worst, rel(label + " sd", e.get("sd"), t.getDouble("sd", row)));
                    worst = Math.max(worst, rel(label + " cv", e.get("cv"), t.getDouble("cv", row)));
                    JsonArray q = e.getAsJsonArray("q");
                    worst = Math.max(worst, rel(label + " q0.1", q.get(0), t.getDouble("q0.1", row)));
                    worst = Math.max(worst, rel(label + " q0.5", q.get(1), t.getDouble("q0.5", row)));
                    worst = Math.max(worst, rel(label + " q0.99", q.get(2), t.getDouble("q0.99", row)));
                    nanSd += Double.isNaN(t.getDouble("sd", row)) ? 1 : 0;
                }
            }
            // the group of one length: NaN only for the sample SD, as pandas
            assertEquals(d == Dispersion.SAMPLE ? 1 : 0, nanSd, d.toString());
            System.out.printf(Locale.ROOT, "%s stats of %d groups vs pandas: worst relative difference %.3g%n", d,
                    expected.size(), worst);
        }
    }

    @Test
    void promptLengthsPerGroupMatchPandas() {
        Map<String, List<double[]>> prompts = PlotGroups.promptLengths(table, List.of("model"),
                List.of("dataset", "prompt_id"), "length");
        JsonObject expected = reference.getAsJsonObject("prompts");
        List<String> models = new ArrayList<>();
        reference.getAsJsonArray("models").forEach(m -> models.add(m.getAsString()));
        assertEquals(models, new ArrayList<>(prompts.keySet()), "groups in first-seen order");
        int samples = 0;
        for (String model : models) {
            JsonArray e = expected.getAsJsonArray(model);
            List<double[]> actual = prompts.get(model);
            assertEquals(e.size(), actual.size(), model + ": prompts");
            for (int p = 0; p < e.size(); p++) {
                double[] lengths = new Gson().fromJson(e.get(p), double[].class);
                assertArrayEquals(lengths, actual.get(p), model + " prompt " + p);
                samples += lengths.length;
            }
        }
        assertEquals(table.rowCount(), samples, "every row in one prompt of one group");
        Map<String, double[]> lengths = PlotGroups.lengths(table, List.of("model"), "length");
        assertEquals(models, new ArrayList<>(lengths.keySet()));
        for (String model : models) {
            assertEquals(prompts.get(model).stream().mapToInt(x -> x.length).sum(), lengths.get(model).length, model);
        }
    }

    /** Relative difference, asserted within {@link #REL}; a JSON null is pandas' NaN. */
    private static double rel(String what, JsonElement expected, double actual) {
        if (expected.isJsonNull()) {
            assertTrue(Double.isNaN(actual), what + ": pandas NaN, lmlab " + actual);
            return 0;
        }
        double e = expected.getAsDouble();
        double d = e == actual ? 0 : Math.abs(actual - e) / Math.max(Math.abs(e), Double.MIN_NORMAL);
        assertTrue(d <= REL, what + ": pandas " + e + ", lmlab " + actual + " (relative " + d + ")");
        return d;
    }
}

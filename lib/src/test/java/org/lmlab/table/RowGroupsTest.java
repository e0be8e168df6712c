package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.reference.PythonReference;

/**
 * Grouping rows by key columns, against pandas: {@link RowGroups#of} as {@code groupby(sort=False)}
 * (first-seen order) and {@link RowGroups#sorted} as {@code groupby(sort=True)} on a numeric column
 * with the missing rows last. The table is 400 seeded random rows with nulls and NaNs in the keys.
 */
class RowGroupsTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    private static final String SCRIPT = """
            import json, sys
            from decimal import Decimal
            import pandas as pd
            data = json.load(open(sys.argv[1]))
            df = pd.DataFrame({"model": data["model"], "bucket": data["bucket"],
                               "lr": [float("nan") if v is None else v for v in data["lr"]]})
            # the text of a key cell as RowGroups.of writes it: "null" for a null
            df["model_text"] = df["model"].map(lambda v: "null" if pd.isna(v) else v)
            df["bucket_text"] = df["bucket"].map(str)
            of = [{"key": list(key), "rows": g.index.tolist()}
                  for key, g in df.groupby(["model_text", "bucket_text"], sort=False)]
            def plain(v):
                return format(Decimal(repr(v)).normalize(), "f")
            ordered = [{"key": [plain(key)], "rows": g.index.tolist()}
                       for key, g in df.groupby("lr", sort=True, dropna=True)]
            missing = df.index[df["lr"].isna()].tolist()
            if missing:
                ordered.append({"key": ["(missing)"], "rows": missing})
            print(json.dumps({"of": of, "sorted": ordered}))
            """;

    @Test
    void groupsMatchPandasGroupby() throws Exception {
        Random r = new Random(20);
        int n = 400;
        String[] models = {"gpt", "llama", "qwen", "smol"};
        double[] rates = {1e-4, 3e-4, 1e-3, 3e-3, 0.01};
        String[] model = new String[n];
        Long[] bucket = new Long[n];
        Double[] lr = new Double[n];
        for (int i = 0; i < n; i++) {
            model[i] = r.nextInt(10) == 0 ? null : models[r.nextInt(models.length)];
            bucket[i] = (long) r.nextInt(3) * 1000;
            int k = r.nextInt(rates.length + 2);
            lr[i] = k == rates.length ? null : k == rates.length + 1 ? Double.NaN : rates[k];
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("model", model);
        input.put("bucket", bucket);
        List<Double> lrs = new ArrayList<>();
        for (Double v : lr) {
            lrs.add(v == null || v.isNaN() ? null : v);
        }
        input.put("lr", lrs);
        JsonObject pandas = PythonReference.runOnJson(SCRIPT, input);
        try (Table t = Table.builder(arrow.allocator(), "t").utf8("model", model).int64("bucket", bucket)
                .float64("lr", lr).build()) {
            List<RowGroups.Group> of = RowGroups.of(t, List.of("model", "bucket"));
            assertGroups(pandas.getAsJsonArray("of"), of);
            List<RowGroups.Group> sorted = RowGroups.sorted(t, "lr");
            assertGroups(pandas.getAsJsonArray("sorted"), sorted);
            assertEquals(List.of("0.0001", "0.0003", "0.001", "0.003", "0.01", "(missing)"),
                    sorted.stream().map(RowGroups.Group::label).toList());
        }
    }

    private static void assertGroups(JsonArray expected, List<RowGroups.Group> actual) {
        assertEquals(expected.size(), actual.size(), "number of groups");
        for (int g = 0; g < actual.size(); g++) {
            JsonObject e = expected.get(g).getAsJsonObject();
            List<String> key = new ArrayList<>();
            for (JsonElement k : e.getAsJsonArray("key")) {
                key.add(k.getAsString());
            }
            assertEquals(key, actual.get(g).key(), "key of group " + g);
            int[] rows = new int[e.getAsJsonArray("rows").size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = e.getAsJsonArray("rows").get(i).getAsInt();
            }
            assertArrayEquals(rows, actual.get(g).rowArray(), "rows of group " + key);
        }
    }

    @Test
    void sortedGroupsOfTextKeepFirstSeenOrderWithEmptyAndNullLast() {
        try (Table t = Table.builder(arrow.allocator(), "t").utf8("g", "b", "", "a", null, "b")
                .float64("v", 1.0, 2.0, 3.0, 4.0, null).build()) {
            List<RowGroups.Group> groups = RowGroups.sorted(t, "g");
            assertEquals(List.of("b", "a", "(missing)"), groups.stream().map(RowGroups.Group::label).toList());
            assertEquals(List.of(1, 3), groups.get(2).rows());
            Map<String, double[]> values = RowGroups.valuesBy(t, "v", "g", "values");
            assertEquals(List.of("b", "a", "(missing)"), new ArrayList<>(values.keySet()));
            assertArrayEquals(new double[] {1, Double.NaN}, values.get("b"), 0.0);
            assertArrayEquals(new double[] {3}, values.get("a"), 0.0);
            assertArrayEquals(new double[] {2, 4}, values.get("(missing)"), 0.0);
            assertEquals("no column 'h' in table 't' (for by); available columns: g, v",
                    assertThrows(IllegalArgumentException.class, () -> RowGroups.sorted(t, "h")).getMessage());
            assertEquals("all", RowGroups.of(t, List.of()).get(0).label(), "no key columns: one group of every row");
        }
        try (Table t = Table.builder(arrow.allocator(), "t").utf8("g", "a", "b").float64("v", null, Double.NaN).build()) {
            assertEquals("table 't' has no numbers in column 'v'",
                    assertThrows(IllegalArgumentException.class, () -> RowGroups.valuesBy(t, "v", "g", "values")).getMessage());
        }
    }

    @Test
    void integerKeysAreWrittenInFull() {
        try (Table t = Table.builder(arrow.allocator(), "t").int64("n", 9007199254740993L, 3L, 9007199254740993L).build()) {
            List<RowGroups.Group> groups = RowGroups.sorted(t, "n");
            assertEquals(List.of("3", "9007199254740993"), groups.stream().map(RowGroups.Group::label).toList());
            assertEquals(List.of(0, 2), groups.get(1).rows());
        }
    }
}

package org.lmlab.training.study;

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
 * The study summary against pandas and scipy on random study rows (3 tasks x 4 encodings x 2
 * seeds x 6 sizes, trained on 1..3): per (task, encoding) the mean over seeds of each seed's mean
 * accuracy over sizes, in and out of distribution; ranks by {@code scipy.stats.rankdata(-ood,
 * method="min")}; mean reciprocal rank over tasks. Ties are forced in one task so competition
 * ranking is exercised.
 */
class StudySummaryTest {

    static final String SCRIPT = """
            import json, sys
            import pandas as pd
            from scipy.stats import rankdata
            rows = pd.DataFrame(json.load(open(sys.argv[1])))
            per_seed = rows.groupby(["task", "encoding", "seed", "in_distribution"], sort=False)["accuracy"].mean()
            per_cell = per_seed.groupby(["task", "encoding", "in_distribution"], sort=False).mean().unstack()
            out = []
            for task, g in per_cell.groupby(level=0, sort=False):
                ranks = rankdata(-g[False].to_numpy(), method="min")
                for (key, row), rank in zip(g.iterrows(), ranks):
                    out.append({"task": key[0], "encoding": key[1], "in": float(row[True]), "out": float(row[False]),
                                "rank": int(rank)})
            frame = pd.DataFrame(out)
            frame["rr"] = 1.0 / frame["rank"]
            ranking = frame.groupby("encoding", sort=False)[["rr", "rank", "out", "in"]].mean()
            print(json.dumps({"cells": out, "ranking": {e: list(map(float, r)) for e, r in ranking.iterrows()}}))
            """;

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    @Test
    void summaryAndRankingEqualPandasAndScipy() throws Exception {
        Random random = new Random(50);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String task : List.of("copy", "addition", "sort")) {
            for (String encoding : List.of("nope", "rope", "alibi", "t5")) {
                for (long seed = 1; seed <= 2; seed++) {
                    for (int length = 1; length <= 6; length++) {
                        // "sort": every encoding equal beyond training (a four-way tie)
                        double accuracy = task.equals("sort") && length > 3 ? 0.25 : random.nextInt(101) / 100.0;
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("task", task);
                        row.put("encoding", encoding);
                        row.put("seed", seed);
                        row.put("length", length);
                        row.put("in_distribution", length <= 3);
                        row.put("accuracy", accuracy);
                        rows.add(row);
                    }
                }
            }
        }
        JsonObject reference = PythonReference.runOnJson(SCRIPT, rows);
        try (Table results = table(rows);
             Table byTask = StudySummary.byTask(results, arrow.allocator());
             Table ranking = StudySummary.ranking(results, arrow.allocator())) {
            JsonArray cells = reference.getAsJsonArray("cells");
            assertEquals(12, cells.size());
            assertEquals(cells.size(), byTask.rowCount());
            for (int r = 0; r < cells.size(); r++) {
                JsonObject c = cells.get(r).getAsJsonObject();
                assertEquals(c.get("task").getAsString(), byTask.getString("task", r));
                assertEquals(c.get("encoding").getAsString(), byTask.getString("encoding", r));
                assertEquals(2, byTask.getLong("seeds", r));
                assertEquals(c.get("in").getAsDouble(), byTask.getDouble("in_distribution", r), 1e-15);
                assertEquals(c.get("out").getAsDouble(), byTask.getDouble("out_of_distribution", r), 1e-15);
                assertEquals(c.get("rank").getAsLong(), byTask.getLong("rank", r));
            }
            JsonObject expected = reference.getAsJsonObject("ranking");
            assertEquals(4, ranking.rowCount());
            double previous = Double.POSITIVE_INFINITY;
            for (int r = 0; r < ranking.rowCount(); r++) {
                JsonArray e = expected.getAsJsonArray(ranking.getString("encoding", r));
                assertEquals(e.get(0).getAsDouble(), ranking.getDouble("mean_reciprocal_rank", r), 1e-15);
                assertEquals(e.get(1).getAsDouble(), ranking.getDouble("mean_rank", r), 1e-15);
                assertEquals(e.get(2).getAsDouble(), ranking.getDouble("out_of_distribution", r), 1e-15);
                assertEquals(e.get(3).getAsDouble(), ranking.getDouble("in_distribution", r), 1e-15);
                assertTrue(ranking.getDouble("mean_reciprocal_rank", r) <= previous, "best first");
                previous = ranking.getDouble("mean_reciprocal_rank", r);
            }
        }
    }

    @Test
    void aTableWithoutStudyColumnsIsRefusedByName() {
        try (Table t = Table.builder(arrow.allocator(), "sweep").column(ColumnSchema.of("method", ColumnType.UTF8),
                List.of("none")).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StudySummary.ranking(t, arrow.allocator()));
            assertTrue(e.getMessage().contains("no task column") && e.getMessage().contains("%pe-study"), e.getMessage());
        }
    }

    private Table table(List<Map<String, Object>> rows) {
        List<Object> task = new ArrayList<>();
        List<Object> encoding = new ArrayList<>();
        List<Object> seed = new ArrayList<>();
        List<Object> length = new ArrayList<>();
        List<Object> in = new ArrayList<>();
        List<Object> accuracy = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            task.add(r.get("task"));
            encoding.add(r.get("encoding"));
            seed.add(r.get("seed"));
            length.add(((Integer) r.get("length")).longValue());
            in.add(r.get("in_distribution"));
            accuracy.add(r.get("accuracy"));
        }
        return Table.builder(arrow.allocator(), "study")
                .column(ColumnSchema.of("task", ColumnType.UTF8), task)
                .column(ColumnSchema.of("encoding", ColumnType.UTF8), encoding)
                .column(ColumnSchema.of("seed", ColumnType.INT64), seed)
                .column(ColumnSchema.of("length", ColumnType.INT64), length)
                .column(ColumnSchema.of("in_distribution", ColumnType.BOOL), in)
                .column(ColumnSchema.of("accuracy", ColumnType.FLOAT64), accuracy)
                .build();
    }
}

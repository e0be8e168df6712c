package org.lmlab.lengths.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.reference.PythonReference;
import org.lmlab.stats.Interval;

/**
 * Paired and unpaired model comparisons on CASTILLO's sampled responses (10 per prompt), against
 * pandas (per-prompt means, prompts both models answered) and numpy (statistics on the same
 * resample indices, percentiles).
 */
class ModelComparisonTest {

    private static final String SCRIPT = """
            import json, sys
            import numpy as np, pandas as pd
            d = json.load(open(sys.argv[1]))
            df = pd.DataFrame(d["responses"], columns=["model", "length", "prompt"])
            df = df[df.model.isin([d["a"], d["b"]])]
            order = list(dict.fromkeys(df.prompt))
            means = df.groupby(["prompt", "model"]).length.mean().unstack().reindex(order).dropna()
            a, b = means[d["a"]].to_numpy(), means[d["b"]].to_numpy()
            idx = np.asarray(d["idx"])
            diff = np.array([np.median(a[i]) - np.median(b[i]) for i in idx])
            lo, hi = np.percentile(diff, [2.5, 97.5])
            print(json.dumps({"n": len(a), "estimate": float(np.median(a) - np.median(b)), "low": float(lo),
                              "high": float(hi), "se": float(diff.std(ddof=1))}))
            """;

    @Test
    void pairedComparisonEqualsPandasAndNumpy() throws Exception {
        List<CastilloRow> rows = CastilloReader.read(PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl"));
        String a = rows.get(0).model();
        String b = rows.stream().map(CastilloRow::model).filter(m -> !m.equals(a)).findFirst().orElseThrow();
        List<ModelComparison.Response> responses = new ArrayList<>();
        List<Object[]> forPython = new ArrayList<>();
        for (CastilloRow r : rows) {
            for (int length : r.outputSizes()) {
                String prompt = r.dataset() + "/" + r.promptId();
                responses.add(new ModelComparison.Response(r.model(), length, List.of(prompt)));
                forPython.add(new Object[] {r.model(), length, prompt});
            }
        }
        StatisticBootstrap boot = new StatisticBootstrap(400, 7);
        ModelComparison ours = ModelComparison.of(responses, a, b, boot, StatisticBootstrap.statistic("median"), 0.95);
        assertTrue(ours.paired());

        Map<String, Object> input = new LinkedHashMap<>();
        input.put("responses", forPython);
        input.put("a", a);
        input.put("b", b);
        input.put("idx", boot.indices(ours.n()));
        JsonObject ref = PythonReference.runOnJson(SCRIPT, input);
        assertEquals(ref.get("n").getAsInt(), ours.n(), "prompts both models answered");
        Interval ci = ours.interval();
        assertArrayEquals(new double[] {ref.get("estimate").getAsDouble(), ref.get("low").getAsDouble(),
                ref.get("high").getAsDouble(), ref.get("se").getAsDouble()},
                new double[] {ci.estimate(), ci.lower(), ci.upper(), ci.standardError()}, 1e-9);
    }

    @Test
    void unpairedUsesEveryResponseAndOtherModelsAreIgnored() {
        List<ModelComparison.Response> responses = List.of(
                new ModelComparison.Response("x", 10, List.of()), new ModelComparison.Response("y", 4, List.of()),
                new ModelComparison.Response("x", 14, List.of()), new ModelComparison.Response("z", 99, List.of()));
        ModelComparison c = ModelComparison.of(responses, "x", "y", new StatisticBootstrap(50, 1), StatisticBootstrap.statistic("mean"), 0.9);
        assertFalse(c.paired());
        assertEquals(3, c.n());
        assertEquals(12.0 - 4.0, c.interval().estimate(), 1e-12);
    }

    @Test
    void missingModelsAndPromptsAreNamed() {
        List<ModelComparison.Response> responses = List.of(new ModelComparison.Response("x", 1, List.of("p1")),
                new ModelComparison.Response("y", 2, List.of("p2")));
        var mean = StatisticBootstrap.statistic("mean");
        assertEquals("no responses of model 'w'; models: [x, y]", assertThrows(IllegalArgumentException.class,
                () -> ModelComparison.of(responses, "x", "w", new StatisticBootstrap(10, 1), mean, 0.95)).getMessage());
        assertEquals("no prompt has responses of both 'x' and 'y'", assertThrows(IllegalArgumentException.class,
                () -> ModelComparison.of(responses, "x", "y", new StatisticBootstrap(10, 1), mean, 0.95)).getMessage());
        assertEquals("A and B are the same model 'x'; compare two different models",
                assertThrows(IllegalArgumentException.class,
                        () -> ModelComparison.of(responses, "x", "x", new StatisticBootstrap(10, 1), mean, 0.95)).getMessage());
    }
}

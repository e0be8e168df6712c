package org.lmlab.lengths.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.stats.QuantileMethod;
import org.lmlab.lengths.castillo.Degeneracy;
import org.lmlab.model.ContextLengthException;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.SharedSmolLm2;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;

/**
 * Sampling a length table from the bundled SmolLM2: a run stopped after two samples and cut
 * mid-line, then resumed with another batch size and thread count, gives the table of an uninterrupted run; resumes
 * with other settings, a missing prompt column, k = 0 and a prompt longer than the context are
 * refused with nothing written lost; the per-prompt statistics equal numpy's.
 */
class LengthSamplerSmolLm2Test {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    @TempDir
    Path dir;

    static LanguageModel model;
    static final SampleSettings SETTINGS = new SampleSettings(3, 6, 1.0, 0, 1.0, 6, true);
    static final List<SamplePrompt> PROMPTS = List.of(new SamplePrompt("capital", "What is the capital of France?"),
            new SamplePrompt("poem", "Write a two-line poem about the sea."),
            new SamplePrompt("colour", "Name one colour. One word only."));

    @BeforeAll
    static void load() {
        model = SharedSmolLm2.get();
    }

    /** Requests a stop once {@code after} samples are done, as an interrupt would. */
    static Progress stopAfter(int after) {
        return new Progress() {
            long done;

            @Override
            public void start(long total, String label) {
            }

            @Override
            public void step(long units) {
                done += units;
                if (done >= after) {
                    Cancellation.request();
                }
            }

            @Override
            public void done() {
            }
        };
    }

    static final List<String> COMPARED = List.of("model", "prompt_id", "sample", "seed", "text", "prompt_tokens",
            "output_tokens", "finish_reason", "degenerate");

    @Test
    void aStoppedAndTornRunResumedWithAnotherBatchGivesTheUninterruptedTable() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        Path cut = dir.resolve("cut.jsonl");
        // two intra-op threads here, one for the resume below: threads change the speed, not the samples
        try (LengthSampler.Outcome full = LengthSampler.on(model, PROMPTS, SETTINGS).results(whole).batch(3)
                .threads(2).run(arrow.allocator())) {
            Table t = full.table();
            assertEquals(9, t.rowCount());
            assertEquals(9, full.ran());
            for (int r = 0; r < 9; r++) {
                SamplePrompt p = PROMPTS.get(r / 3);
                assertEquals(p.id(), t.getString("prompt_id", r));
                assertEquals(r % 3, t.getLong("sample", r));
                assertEquals(SampleSeeds.derive(SETTINGS.seed(), p.id(), r % 3), t.getLong("seed", r));
                long out = t.getLong("output_tokens", r);
                boolean stopped = t.getString("finish_reason", r).equals(LengthSampler.STOP);
                assertTrue(stopped ? out >= 1 && out <= 6 : out == 7, "row " + r + ": " + out);
                assertTrue(t.getDouble("tokens_per_s", r) > 0);
            }
            StringBuilder seen = new StringBuilder();
            for (int r = 0; r < 9; r++) {
                seen.append(String.format("%s #%d %s %d %s%n", t.getString("prompt_id", r), t.getLong("sample", r),
                        t.getString("finish_reason", r), t.getLong("output_tokens", r), t.getString("text", r)));
            }
            System.out.print(seen);
            assertDegenerateFlags(t);
            assertStatsEqualNumpy(t);

            // stopped after two samples, then killed while writing a third row
            try {
                assertThrows(Cancellation.CancelledException.class, () -> LengthSampler.on(model, PROMPTS, SETTINGS)
                        .results(cut).batch(3).progress(stopAfter(2)).run(arrow.allocator()));
            } finally {
                Cancellation.reset();
            }
            int written = (int) Files.readAllLines(cut).size() - 1;
            assertTrue(written >= 2 && written < 9, written + " rows before the stop");
            Files.writeString(cut, "{\"cell\":8,\"key\":\"colour #2\",\"model\":\"smo", StandardOpenOption.APPEND);
            try (LengthSampler.Outcome resumed = LengthSampler.on(model, PROMPTS, SETTINGS).results(cut).resume(true)
                    .batch(2).threads(1).run(arrow.allocator())) {
                assertEquals(written, resumed.kept());
                assertEquals(9 - written, resumed.ran());
                assertTrue(resumed.repaired().orElseThrow().contains("bytes without a newline"));
                assertSameRows(t, resumed.table());
            }
            try (Table read = LengthSampler.table(arrow.allocator(), cut)) {
                assertSameRows(t, read);
            }
        }
    }

    static void assertSameRows(Table expected, Table actual) {
        assertEquals(expected.rowCount(), actual.rowCount());
        for (String c : COMPARED) {
            for (int r = 0; r < expected.rowCount(); r++) {
                assertEquals(expected.get(c, r), actual.get(c, r), c + " of row " + r);
            }
        }
    }

    static Map<String, int[]> lengthsByPrompt(Table t) {
        Map<String, List<Integer>> by = new LinkedHashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            by.computeIfAbsent(t.getString("prompt_id", r), k -> new ArrayList<>()).add((int) t.getLong("output_tokens", r));
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        by.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    static void assertDegenerateFlags(Table t) {
        Map<String, int[]> by = lengthsByPrompt(t);
        for (int r = 0; r < t.rowCount(); r++) {
            assertEquals(Degeneracy.isDegenerate(by.get(t.getString("prompt_id", r)), SETTINGS.maxTokens()),
                    t.getBoolean("degenerate", r), "row " + r);
        }
    }

    static final String STATS = """
            import json, sys
            import numpy as np
            out = {}
            for k, v in json.load(open(sys.argv[1])).items():
                x = np.array(v, dtype=float)
                out[k] = [x.mean(), x.std(), *np.percentile(x, [25, 50, 75, 99])]
            print(json.dumps(out))
            """;

    /** CASTILLO's per-prompt statistics (mean, population SD, linear p25/p50/p75/p99) as %lengths stats computes them. */
    static void assertStatsEqualNumpy(Table t) throws Exception {
        Map<String, int[]> by = lengthsByPrompt(t);
        JsonObject ref = PythonReference.runOnJson(STATS, by);
        for (Map.Entry<String, int[]> e : by.entrySet()) {
            LengthStats s = LengthStats.of(e.getValue());
            double[] ours = {s.mean(), s.sd(Dispersion.POPULATION), s.quantile(0.25, QuantileMethod.LINEAR),
                s.quantile(0.5, QuantileMethod.LINEAR), s.quantile(0.75, QuantileMethod.LINEAR),
                s.quantile(0.99, QuantileMethod.LINEAR)};
            JsonArray numpy = ref.getAsJsonArray(e.getKey());
            for (int i = 0; i < ours.length; i++) {
                assertEquals(numpy.get(i).getAsDouble(), ours[i], 1e-12 * Math.max(1, Math.abs(ours[i])),
                        e.getKey() + " statistic " + i);
            }
        }
    }

    @Test
    void resumesWithOtherSettingsAndBadInputAreRefusedWithNothingLost() throws Exception {
        Path file = dir.resolve("one.jsonl");
        SampleSettings one = new SampleSettings(1, 2, 0.7, 20, 0.9, 5, false);
        List<SamplePrompt> prompts = PROMPTS.subList(0, 2);
        try (LengthSampler.Outcome o = LengthSampler.on(model, prompts, one).results(file).run(arrow.allocator())) {
            assertEquals(2, o.table().rowCount());
        }
        byte[] before = Files.readAllBytes(file);
        Map<String, LengthSampler> others = new LinkedHashMap<>();
        others.put("k", LengthSampler.on(model, prompts, new SampleSettings(2, 2, 0.7, 20, 0.9, 5, false)));
        others.put("temperature", LengthSampler.on(model, prompts, new SampleSettings(1, 2, 0.8, 20, 0.9, 5, false)));
        others.put("chat template", LengthSampler.on(model, prompts, new SampleSettings(1, 2, 0.7, 20, 0.9, 5, true)));
        others.put("prompts", LengthSampler.on(model, PROMPTS, one));
        others.put("prompt text", LengthSampler.on(model, List.of(prompts.get(0),
                new SamplePrompt("poem", "Write a three-line poem about the sea.")), one));
        try (LanguageModel windowed = model.with(MethodSpec.parse("sliding:64", 8192).method())) {
            others.put("model", LengthSampler.on(windowed, prompts, one));
            for (Map.Entry<String, LengthSampler> e : others.entrySet()) {
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                        () -> e.getValue().results(file).resume(true).run(arrow.allocator()), e.getKey());
                assertTrue(refused.getMessage().contains("belongs to another setup")
                        && refused.getMessage().endsWith("the file is unchanged"), refused.getMessage());
                assertArrayEquals(before, Files.readAllBytes(file), e.getKey());
            }
        }
        // a second run into the same file without --resume
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LengthSampler.on(model, prompts, one).results(file).run(arrow.allocator())).getMessage()
                .contains("already exists"));
        // a prompt longer than the context: refused before anything is written, naming the prompt
        List<SamplePrompt> tooLong = List.of(prompts.get(0), new SamplePrompt("long", "word ".repeat(9000)));
        ContextLengthException e = assertThrows(ContextLengthException.class,
                () -> LengthSampler.on(model, tooLong, one).results(file).resume(true).run(arrow.allocator()));
        assertTrue(e.getMessage().startsWith("prompt 'long' ("), e.getMessage());
        assertTrue(e.getMessage().contains("more than the context of 8192"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        Path fresh = dir.resolve("fresh.jsonl");
        assertThrows(ContextLengthException.class,
                () -> LengthSampler.on(model, tooLong, one).results(fresh).run(arrow.allocator()));
        assertFalse(Files.exists(fresh), "nothing is created for a run refused before it starts");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SampleSettings(0, 8, 1, 0, 1, 0, false))
                .getMessage().contains("k must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SampleSettings(-3, 8, 1, 0, 1, 0, false))
                .getMessage().contains("got -3"));
        try (Table table = Table.builder(arrow.allocator(), "prompts").utf8("id", new String[] {"a", "b", "a"})
                .utf8("instruction", new String[] {"x", "y", "z"}).build()) {
            String missing = assertThrows(IllegalArgumentException.class,
                    () -> SamplePrompt.fromTable(table, "prompts", "prompt", "id")).getMessage();
            assertEquals("table 'prompts' has no column 'prompt'; columns: [id, instruction]", missing);
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> SamplePrompt.fromTable(table, "prompts", "instruction", "id")).getMessage()
                    .contains("id 'a' (column 'id') is on rows 0 and 2"));
            assertEquals(List.of(new SamplePrompt("0", "x"), new SamplePrompt("1", "y"), new SamplePrompt("2", "z")),
                    SamplePrompt.fromTable(table, "prompts", "instruction", null));
        }
    }
}

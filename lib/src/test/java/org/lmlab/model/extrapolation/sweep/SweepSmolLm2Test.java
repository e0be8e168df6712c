package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.Perplexity;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;

/**
 * Sweeps on SmolLM2-135M with a short grid: each cell's perplexity equals
 * {@link LanguageModel#perplexity} run alone, a cell that would not fit in memory is refused before
 * it runs, and a sweep killed in the middle of a cell and resumed (with a torn line after it) gives
 * the table an uninterrupted run gives.
 */
class SweepSmolLm2Test {

    static final String MODEL = "smollm2-135m";
    static final Path TEXT = PythonReference.root().resolve("datasets/text/tinyshakespeare-excerpt.txt");

    static LanguageModel model;
    static String text;

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    @TempDir
    Path dir;

    /** Perplexity over the first `length` tokens, with the loss curve in buckets of 32 positions. */
    static PerplexityTask task(String text) {
        return new PerplexityTask(TEXT.getFileName().toString(), text, 0, 0, 32);
    }

    static SweepGrid grid(SweepTask task) {
        return new SweepGrid(MODEL, task.definition(),
                List.of(MethodSpec.parse("none", 8192), MethodSpec.parse("sinks:4+28", 8192)), List.of(64, 128),
                List.of(), List.of());
    }

    @BeforeAll
    static void load() throws IOException {
        text = Files.readString(TEXT);
        model = LanguageModel.load(MODEL, "cpu", Progress.NONE);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @Test
    void eachCellEqualsLanguageModelPerplexityAndMemoryIsCheckedFirst() {
        PerplexityTask task = task(text);
        SweepGrid grid = grid(task);
        Path file = dir.resolve("ppl.jsonl");
        // A machine with 1 MiB free: the grid is refused before anything runs, naming its largest cell.
        Sweep.InsufficientMemoryException first = assertThrows(Sweep.InsufficientMemoryException.class,
                () -> Sweep.on(model, task, grid).results(file).availableMemory(() -> 1 << 20).run(arrow.allocator()));
        assertTrue(first.getMessage().startsWith("cell none @ 128 needs about "), first.getMessage());
        assertTrue(first.getMessage().contains("KV cache of 128 positions") && first.getMessage().contains(
                "but 1 MiB are available") && first.getMessage().endsWith("Nothing ran; nothing was written"),
                first.getMessage());
        assertEquals(Sweep.cellBytes(model, 128), first.needed());
        assertFalse(Files.exists(file));
        // Memory that shrinks after the start: the cell is refused before it runs, and nothing is lost.
        long[] calls = {0};
        Sweep.InsufficientMemoryException refused = assertThrows(Sweep.InsufficientMemoryException.class,
                () -> Sweep.on(model, task, grid).results(file).availableMemory(() -> calls[0]++ == 0 ? Long.MAX_VALUE
                        : 1 << 20).run(arrow.allocator()));
        assertTrue(refused.getMessage().startsWith("cell none @ 64 needs about "), refused.getMessage());
        assertTrue(refused.getMessage().contains("KV cache of 64 positions") && refused.getMessage().contains(
                "but 1 MiB are available") && refused.getMessage().contains("--resume continues"), refused.getMessage());
        assertEquals(0, ResultsFile.read(file).rows().size());

        int[] ids = model.tokenizer().encode(text, true, false);
        long started = System.nanoTime();
        try (Sweep.Outcome out = Sweep.on(model, task, grid).results(file).resume(true).run(arrow.allocator())) {
            double seconds = (System.nanoTime() - started) / 1e9;
            Table t = out.table();
            assertEquals(4, out.ran());
            assertEquals(4, t.rowCount());
            assertEquals(List.of("model", "method", "parameters", "length", "depth", "seed", "ppl", "mean_nll", "scored",
                    "window", "stride", "position_bucket", "position_nll", "tokens", "seconds", "tokens_per_s"),
                    t.columnNames());
            for (int r = 0; r < t.rowCount(); r++) {
                int length = (int) t.getLong("length", r);
                String method = t.getString("method", r);
                int[] prefix = Arrays.copyOf(ids, length);
                String prefixText = model.tokenizer().decode(prefix);
                assertArrayEquals(prefix, model.tokenizer().encode(prefixText, true, false), "the prefix re-encodes");
                Perplexity alone = model.with(MethodSpec.parse(method, 8192).method())
                        .perplexity(prefixText, length, length);
                assertEquals(alone.value(), t.getDouble("ppl", r), 0.0, method + " @ " + length);
                assertEquals(alone.tokens(), t.getLong("scored", r));
                assertEquals(length - 1, t.getLong("scored", r));
                assertTrue(t.isNull("depth", r) && t.isNull("seed", r));
                System.out.printf(Locale.ROOT, "sweep cell %-10s @ %3d: ppl %.4f, %.1f tokens/s%n", method, length,
                        t.getDouble("ppl", r), t.getDouble("tokens_per_s", r));
            }
            // The windowed method reads fewer keys: beyond its 32 positions it differs from full attention.
            assertTrue(t.getDouble("ppl", 3) != t.getDouble("ppl", 2));
            System.out.printf(Locale.ROOT, "4 cells in %.2f s%n", seconds);
            // The loss curve: token-weighted bucket means give the cell's mean NLL back.
            try (Table curves = PerplexityTask.positionCurves(t, arrow.allocator())) {
                assertEquals(2 * 2 + 2 * 4, curves.rowCount());
                double sum = 0;
                for (int r = 0; r < 4; r++) {
                    double weighted = curves.getDouble("mean_nll", 8 + r) * (r == 0 ? 31 : 32);
                    sum += weighted;
                }
                assertEquals(t.getDouble("mean_nll", 3), sum / 127, 1e-12);
            }
        }
        // Starting over on a finished file is refused; resuming it runs nothing.
        assertThrows(IllegalArgumentException.class, () -> Sweep.on(model, task, grid).results(file).run(arrow.allocator()));
        try (Sweep.Outcome again = Sweep.on(model, task, grid).results(file).resume(true).run(arrow.allocator())) {
            assertEquals(0, again.ran());
            assertEquals(4, again.skipped());
        }
    }

    /**
     * The first-N-tokens-of-each-document protocol: each cell's perplexity equals the documents'
     * {@link LanguageModel#perplexity} run one by one on their first N tokens, pooled as
     * exp(ΣNLL / Σtokens); documents shorter than N are skipped and counted; a directory of .txt files
     * gives the same numbers as a JSON Lines file of the same texts.
     */
    @Test
    void theDocumentsProtocolPoolsTheFirstTokensOfEachDocument() throws IOException {
        // Five documents: three long speeches, a 20-character line (< 64 tokens whatever the tokenizer,
        // at most one token per character plus BOS) and a middle one whose count decides at 128.
        List<String> texts = List.of(text.substring(0, 2000), text.substring(2000, 2600), "First Citizen:\nSpeak.",
                text.substring(2600, 2900), text.substring(3100, 6000));
        Path jsonl = dir.resolve("docs.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("id", i);
            o.addProperty("body", texts.get(i));
            lines.append(o).append(i == 1 ? "\n\n" : "\n"); // a blank line is skipped
        }
        Files.writeString(jsonl, lines.toString());
        PerplexityTask task = PerplexityTask.documents(Documents.jsonLines(jsonl, "body"), 32);
        SweepGrid grid = grid(task);
        RecordingProgress cells = new RecordingProgress();
        try (Sweep.Outcome out = Sweep.on(model, task, grid).results(dir.resolve("docs-sweep.jsonl"))
                .cellProgress(cells).run(arrow.allocator())) {
            Table t = out.table();
            assertEquals(List.of("model", "method", "parameters", "length", "depth", "seed", "ppl", "mean_nll", "scored",
                    "window", "stride", "documents", "skipped", "position_bucket", "position_nll", "tokens", "seconds",
                    "tokens_per_s"), t.columnNames());
            for (int r = 0; r < t.rowCount(); r++) {
                int length = (int) t.getLong("length", r);
                LanguageModel view = model.with(MethodSpec.parse(t.getString("method", r), 8192).method());
                double nll = 0;
                long scored = 0;
                int used = 0;
                for (String doc : texts) {
                    int[] ids = model.tokenizer().encode(doc, true, false);
                    if (ids.length < length) {
                        continue;
                    }
                    int[] prefix = Arrays.copyOf(ids, length);
                    String prefixText = model.tokenizer().decode(prefix);
                    assertArrayEquals(prefix, model.tokenizer().encode(prefixText, true, false), "the prefix re-encodes");
                    Perplexity alone = view.perplexity(prefixText, length, length);
                    nll += alone.nll();
                    scored += alone.tokens();
                    used++;
                }
                assertEquals(Math.exp(nll / scored), t.getDouble("ppl", r), 0.0, t.getString("method", r) + " @ " + length);
                assertEquals(scored, t.getLong("scored", r));
                assertEquals((long) used * (length - 1), scored, "each document scores length - 1 tokens");
                assertEquals(used, t.getLong("documents", r));
                assertEquals(texts.size() - used, t.getLong("skipped", r));
                assertTrue(t.getLong("skipped", r) >= 1, "the 20-character document is always skipped");
                assertEquals(length == 64 ? 4 : 3, used, "300 characters of the play: 64 to 127 tokens");
                assertEquals(length, t.getLong("window", r));
                assertEquals((long) used * length, t.getLong("tokens", r));
                System.out.printf(Locale.ROOT, "documents cell %-10s @ %3d: ppl %.4f over %d documents, %d skipped%n",
                        t.getString("method", r), length, t.getDouble("ppl", r), used, texts.size() - used);
            }
            // Each cell reported the tokens of its documents, labelled with its place in the grid.
            assertEquals(List.of("cell 1/4 (none @ 64): perplexity of the first 64 tokens of 4 documents",
                    "cell 2/4 (sinks:4+28 @ 64): perplexity of the first 64 tokens of 4 documents",
                    "cell 3/4 (none @ 128): perplexity of the first 128 tokens of 3 documents",
                    "cell 4/4 (sinks:4+28 @ 128): perplexity of the first 128 tokens of 3 documents"), cells.labels);
            assertEquals(List.of(256L, 256L, 384L, 384L), cells.totals);
            assertEquals(2 * 256 + 2 * 384, cells.steps);
            // The loss curve over documents: token-weighted bucket means give the cell's mean NLL back.
            try (Table curves = PerplexityTask.positionCurves(t, arrow.allocator())) {
                double sum = 0;
                for (int b = 0; b < 4; b++) {
                    sum += curves.getDouble("mean_nll", 8 + b) * (b == 0 ? 31 : 32);
                }
                assertEquals(t.getDouble("mean_nll", 3), sum / 127, 1e-12);
            }
            // The same texts as .txt files in a directory: the same numbers, another definition.
            Path folder = Files.createDirectory(dir.resolve("docs"));
            for (int i = 0; i < texts.size(); i++) {
                Files.writeString(folder.resolve("doc" + i + ".txt"), texts.get(i));
            }
            PerplexityTask fromFiles = PerplexityTask.documents(Documents.directory(folder,
                    java.nio.charset.StandardCharsets.UTF_8), 32);
            assertTrue(!fromFiles.definition().equals(task.definition()));
            SweepGrid one = new SweepGrid(MODEL, fromFiles.definition(), List.of(MethodSpec.parse("sinks:4+28", 8192)),
                    List.of(128), List.of(), List.of());
            try (Sweep.Outcome again = Sweep.on(model, fromFiles, one).results(dir.resolve("dir-sweep.jsonl"))
                    .run(arrow.allocator())) {
                assertEquals(t.getDouble("ppl", 3), again.table().getDouble("ppl", 0), 0.0);
                assertEquals(t.getString("position_nll", 3), again.table().getString("position_nll", 0));
            }
        }
        // A length no document reaches is refused before anything runs.
        SweepGrid tooLong = new SweepGrid(MODEL, task.definition(), List.of(MethodSpec.parse("none", 8192)),
                List.of(4096), List.of(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sweep.on(model, task, tooLong).results(dir.resolve("never.jsonl")).run(arrow.allocator()));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith("no document of docs.jsonl has 4096 tokens for smollm2-135m (the longest of "
                + "the 5 has "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("never.jsonl")));
    }

    @Test
    @Timeout(240)
    void aSweepKilledInACellAndResumedGivesTheUninterruptedTable() throws Exception {
        PerplexityTask task = task(text);
        SweepGrid grid = grid(task);
        Path killed = dir.resolve("killed.jsonl");
        int torn = KillAndResume.killInCell1(dir, killed, grid.cells().get(1).key(), "ppl", TEXT.toString(),
                killed.toString());
        Path whole = dir.resolve("whole.jsonl");
        try (Sweep.Outcome resumed = Sweep.on(model, task, grid).results(killed).resume(true).run(arrow.allocator());
                Sweep.Outcome uninterrupted = Sweep.on(model, task, grid).results(whole).run(arrow.allocator())) {
            assertEquals(1, resumed.skipped());
            assertEquals(3, resumed.ran());
            assertTrue(resumed.repaired().orElseThrow().contains("a last line of " + torn + " bytes without a newline"),
                    resumed.repaired().get());
            KillAndResume.assertSameRows(uninterrupted.table(), resumed.table());
        }
        KillAndResume.assertEachCellOnce(killed, 4);
    }
}

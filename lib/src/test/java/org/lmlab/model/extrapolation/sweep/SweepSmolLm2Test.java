package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
        // A machine with 1 MiB free: the first cell is refused, saying what it needs, and nothing is lost.
        Sweep.InsufficientMemoryException refused = assertThrows(Sweep.InsufficientMemoryException.class,
                () -> Sweep.on(model, task, grid).results(file).availableMemory(() -> 1 << 20).run(arrow.allocator()));
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

    @Test
    @Timeout(240)
    void aSweepKilledInACellAndResumedGivesTheUninterruptedTable() throws Exception {
        PerplexityTask task = task(text);
        SweepGrid grid = grid(task);
        Path killed = dir.resolve("killed.jsonl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dlmlab.root=" + PythonReference.root(), "-cp", System.getProperty("java.class.path"),
                SweepChild.class.getName(), TEXT.toString(), killed.toString()));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long started = System.nanoTime();
        try {
            while (lines(killed) < 2) {
                assertTrue(child.isAlive(), () -> "the sweep process ended early: " + read(log));
                assertTrue(System.nanoTime() - started < 120e9, () -> "no row after 120 s: " + read(log));
                Thread.sleep(50);
            }
            while (!read(log).contains("in cell 1")) {
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "child: first row after %.1f s, killed inside cell 1%n",
                (System.nanoTime() - started) / 1e9);
        assertEquals(2, lines(killed), "header and the first row");
        // As if the kill had come in the middle of writing the next row.
        Files.write(killed, "{\"cell\":1,\"key\":\"sinks:4+28 @ 64\",\"model\":\"smol".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        Path whole = dir.resolve("whole.jsonl");
        try (Sweep.Outcome resumed = Sweep.on(model, task, grid).results(killed).resume(true).run(arrow.allocator());
                Sweep.Outcome uninterrupted = Sweep.on(model, task, grid).results(whole).run(arrow.allocator())) {
            assertEquals(1, resumed.skipped());
            assertEquals(3, resumed.ran());
            assertTrue(resumed.repaired().orElseThrow().contains("a last line of 47 bytes without a newline"),
                    resumed.repaired().get());
            Table a = resumed.table();
            Table b = uninterrupted.table();
            assertEquals(b.rowCount(), a.rowCount());
            assertEquals(b.columnNames(), a.columnNames());
            for (String column : b.columnNames()) {
                if (List.of("seconds", "tokens_per_s").contains(column)) {
                    continue; // timings differ between runs
                }
                for (int r = 0; r < b.rowCount(); r++) {
                    assertEquals(b.get(column, r), a.get(column, r), column + " row " + r);
                }
            }
        }
        List<String> rows = Files.readAllLines(killed).subList(1, 5);
        assertEquals(4, new HashSet<>(rows.stream().map(l -> l.substring(0, l.indexOf(",\"model\""))).toList()).size(),
                "no duplicate cells: " + rows);
        assertEquals(5, lines(killed));
    }

    static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(file);
        long n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}

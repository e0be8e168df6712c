package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.extrapolation.sweep.Documents;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.PerplexitySpec;
import org.lmlab.model.extrapolation.sweep.PerplexityTask;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.model.extrapolation.sweep.RetrievalSpec;
import org.lmlab.model.extrapolation.sweep.RetrievalTask;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.model.extrapolation.sweep.SweepTask;
import org.lmlab.model.extrapolation.sweep.SweepTaskSpec;
import org.lmlab.model.gguf.ModelCatalog;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.scaleout.SweepRequest;
import org.lmlab.table.Table;

/**
 * Sweeps on Spark {@code local[2,2]} (two task slots, two attempts per task) against the local {@link Sweep} on the
 * same model (lib's SweepSmolLm2Test checks that one cell by cell against {@code LanguageModel.perplexity}, and
 * RetrievalTaskSmolLm2Test the passkey cells against the scorers): every value of every row must be equal, except the
 * measured seconds and tokens_per_s. SmolLM2-135M, the first 64 and 128 tokens of the Tiny Shakespeare excerpt,
 * full attention and StreamingLLM 4+28 (about a second a cell on 2 shared cores).
 */
class SparkSweepTest {

    static final String MODEL = "smollm2-135m";
    static final Path TEXT = Path.of(System.getProperty("lmlab.root"), "datasets/text/tinyshakespeare-excerpt.txt");
    static final PerplexitySpec PPL = PerplexitySpec.file(TEXT, StandardCharsets.UTF_8, 0, 0, 32);
    static final Set<String> MEASURED = Set.of("seconds", "tokens_per_s");

    static SparkRunner spark;
    static BufferAllocator allocator;
    static SweepGrid grid;
    static Path localFile;
    static final AtomicInteger TASKS = new AtomicInteger();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        allocator = new RootAllocator();
        grid = grid(List.of(64, 128));
        localFile = dir.resolve("local.jsonl");
        localSweep(grid, localFile, allocator);
        spark = SparkRunner.connect("local[2,2]", Map.of("spark.driver.host", "127.0.0.1"), SparkRunner.DEFAULT_TIMEOUT);
        spark.context().sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                TASKS.incrementAndGet();
            }
        });
    }

    /** Full attention and StreamingLLM 4+28 at {@code lengths}, perplexity of the first length tokens. */
    static SweepGrid grid(List<Integer> lengths) throws Exception {
        return new SweepGrid(MODEL, task().definition(), List.of(MethodSpec.parse("none", 8192),
                MethodSpec.parse("sinks:4+28", 8192)), lengths, List.of(), List.of());
    }

    /** The task as the local sweep builds it (the text read here, as {@code %extrapolate sweep --file} reads it). */
    static SweepTask task() throws Exception {
        return new PerplexityTask(TEXT.getFileName().toString(), Files.readString(TEXT), 0, 0, 32);
    }

    /** Runs {@code grid} of the perplexity task with the local {@link Sweep} into {@code file}. */
    static void localSweep(SweepGrid grid, Path file, BufferAllocator allocator) throws Exception {
        localSweep(grid, task(), file, allocator);
    }

    /** Runs {@code grid} of {@code task} with the local {@link Sweep} into {@code file}. */
    static void localSweep(SweepGrid grid, SweepTask task, Path file, BufferAllocator allocator) {
        try (LanguageModel model = LanguageModel.load(MODEL, "cpu", Progress.NONE)) {
            Sweep.on(model, task, grid).results(file).run(allocator).close();
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        allocator.close();
    }

    /** Spark task ends seen so far (waits for Spark's listener bus to deliver them). */
    static int tasks() throws Exception {
        spark.context().sc().listenerBus().waitUntilEmpty();
        return TASKS.get();
    }

    @Test
    void aPerplexitySweepOnSparkEqualsTheLocalSweep() throws Exception {
        int tasksBefore = tasks();
        int loadsBefore = ExecutorModels.loads();
        CountingProgress progress = new CountingProgress();
        Path file = dir.resolve("spark.jsonl");
        try (SweepOutcome out = SparkSweep.on(spark, MODEL, LoadOptions.defaults(), PPL, grid).results(file)
                .progress(progress).run(allocator); Table local = Sweep.table(allocator, localFile)) {
            assertEquals(4, out.ran());
            assertEquals(4, out.submitted());
            assertEquals(List.of(), out.failed());
            assertEqualTables(local, out.table());
            for (int r = 0; r < 4; r++) { // ppl = exp(mean NLL), by hand from the row's own columns
                assertEquals(Math.exp(out.table().getDouble("mean_nll", r)), out.table().getDouble("ppl", r),
                        1e-12 * out.table().getDouble("ppl", r));
            }
        }
        // at most once: another test class in this JVM may have left the same model loaded
        assertTrue(ExecutorModels.loads() - loadsBefore <= 1, "the executor (this JVM, local mode) loads the model once"
                + " for all cells: " + (ExecutorModels.loads() - loadsBefore));
        assertEquals(5, tasks() - tasksBefore, "one task per cell and one grid check");
        assertEquals(4, progress.total);
        assertTrue(progress.steps <= 4 && progress.steps >= 1, "steps " + progress.steps);
        assertTrue(progress.notes.stream().anyMatch(n -> n.startsWith("Spark UI: http://")), progress.notes.toString());
        // The rows as stored: one per cell, in the file the local sweep would have written.
        assertEquals(4, ResultsFile.read(file).rows().stream().map(ResultsFile.Row::cell).distinct().count());
    }

    @Test
    void aResumedSweepSubmitsOnlyTheMissingCells() throws Exception {
        Path file = dir.resolve("resumed.jsonl");
        List<ResultsFile.Row> localRows = ResultsFile.read(localFile).rows();
        try (ResultsFile partial = ResultsFile.create(file, grid, ResultsFile.read(localFile).columns())) {
            partial.append(localRows.get(0));
            partial.append(localRows.get(2));
        }
        int tasksBefore = tasks();
        // Through the service the kernel uses (ScaleOut, found by ServiceLoader), on the session running here.
        ScaleOut.Session session = new SparkScaleOut().session().orElseThrow();
        SweepRequest request = new SweepRequest(MODEL, ModelCatalog.defaults().locate(MODEL), LoadOptions.defaults(), PPL,
                grid, file, true);
        try (SweepOutcome out = session.sweep(request, Progress.NONE, allocator);
             Table local = Sweep.table(allocator, localFile)) {
            assertEquals(2, out.skipped());
            assertEquals(2, out.submitted());
            assertEquals(2, out.ran());
            assertEqualTables(local, out.table());
        }
        assertEquals(3, tasks() - tasksBefore, "the two missing cells and the grid check");
        assertEquals(List.of(0, 2, 1, 3), ResultsFile.read(file).rows().stream().map(ResultsFile.Row::cell).toList());
        // Finished: resuming again submits nothing (and checks nothing).
        try (SweepOutcome again = SparkSweep.on(spark, MODEL, LoadOptions.defaults(), PPL, grid).results(file)
                .resume(true).run(allocator)) {
            assertEquals(0, again.submitted());
            assertEquals(4, again.table().rowCount());
        }
    }

    @Test
    void aPasskeySweepOnSparkEqualsTheLocalSweep() throws Exception {
        RetrievalSpec spec = RetrievalSpec.passkey();
        SweepTask task = RetrievalTask.passkey();
        SweepGrid passkey = new SweepGrid(MODEL, task.definition(), List.of(MethodSpec.parse("none", 8192)),
                List.of(96), List.of(0.5), List.of(1L, 2L));
        try (SweepOutcome out = sparkEqualsLocal(spec, task, passkey, "passkey")) {
            for (int r = 0; r < 2; r++) { // the key of seed s is 10000 + new Random(s).nextInt(90000) (the task's definition)
                assertEquals(String.valueOf(10000 + new java.util.Random(r + 1).nextInt(90000)),
                        out.table().getString("expected", r));
            }
        }
    }

    /**
     * Runs {@code grid} locally with {@code task} and on Spark with {@code spec} (files {@code name}-local.jsonl and
     * {@code name}-spark.jsonl), checks that every cell ran and the tables are equal, and returns the Spark outcome.
     */
    private static SweepOutcome sparkEqualsLocal(SweepTaskSpec spec, SweepTask task, SweepGrid grid, String name) {
        Path local = dir.resolve(name + "-local.jsonl");
        localSweep(grid, task, local, allocator);
        SweepOutcome out = SparkSweep.on(spark, MODEL, LoadOptions.defaults(), spec, grid)
                .results(dir.resolve(name + "-spark.jsonl")).run(allocator);
        try (Table expected = Sweep.table(allocator, local)) {
            assertEquals(grid.size(), out.ran());
            assertEqualTables(expected, out.table());
            return out;
        } catch (RuntimeException | AssertionError e) {
            out.close();
            throw e;
        }
    }

    /** The documents protocol on a directory of .txt files: the directory is shipped whole (addFile, recursive). */
    @Test
    void aDocumentsSweepReadingAShippedDirectoryEqualsTheLocalSweep() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        String text = Files.readString(TEXT);
        int third = text.length() / 3;
        for (int d = 0; d < 3; d++) { // three documents: the excerpt's thirds, the last one cut short
            Files.writeString(docs.resolve("doc" + d + ".txt"), text.substring(d * third, (d + 1) * third - d * 200));
        }
        PerplexitySpec spec = PerplexitySpec.documents(docs, "text", StandardCharsets.UTF_8, 16);
        SweepTask task = PerplexityTask.documents(Documents.read(docs, "text", StandardCharsets.UTF_8), 16);
        SweepGrid documents = new SweepGrid(MODEL, task.definition(), List.of(MethodSpec.parse("none", 8192)),
                List.of(32, 64), List.of(), List.of());
        try (SweepOutcome out = sparkEqualsLocal(spec, task, documents, "docs")) {
            assertEquals(3L, out.table().getLong("documents", 1));
        }
    }

    @Test
    void aStoppedSweepKeepsItsFinishedRowsAndResumes() throws Exception {
        Path file = dir.resolve("stopped.jsonl");
        CountingProgress stopAfterTheFirstCell = new CountingProgress() {
            @Override
            public void step(long units) {
                super.step(units);
                if (Files.exists(file) && !ResultsFile.read(file).rows().isEmpty()) { // a row is on disk: stop
                    Cancellation.request();
                }
            }
        };
        try {
            assertThrows(Cancellation.CancelledException.class, () -> SparkSweep.on(spark, MODEL,
                    LoadOptions.defaults(), PPL, grid).results(file).progress(stopAfterTheFirstCell).run(allocator));
        } finally {
            Cancellation.reset();
        }
        int kept = ResultsFile.read(file).rows().size();
        System.out.println("stopped after " + kept + " of 4 cells");
        assertTrue(kept >= 1 && kept < 4, "kept " + kept);
        try (SweepOutcome out = SparkSweep.on(spark, MODEL, LoadOptions.defaults(), PPL, grid).results(file)
                .resume(true).run(allocator); Table local = Sweep.table(allocator, localFile)) {
            assertEquals(4 - kept, out.submitted());
            assertEqualTables(local, out.table());
        }
    }

    /** The perplexity task, except that cell {@code failing} throws on every attempt. */
    record FailingSpec(PerplexitySpec inner, int failing) implements SweepTaskSpec {
        static final AtomicInteger ATTEMPTS = new AtomicInteger();

        @Override
        public List<Path> files() {
            return inner.files();
        }

        @Override
        public SweepTask build(UnaryOperator<Path> local) {
            SweepTask task = inner.build(local);
            return (SweepTask) Proxy.newProxyInstance(SweepTask.class.getClassLoader(), new Class<?>[] {SweepTask.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("run") && ((SweepGrid.Cell) args[1]).index() == failing) {
                            ATTEMPTS.incrementAndGet();
                            throw new IllegalStateException("forced failure of cell " + ((SweepGrid.Cell) args[1]).key()
                                    + " (test)");
                        }
                        try {
                            return method.invoke(task, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void aCellFailingEveryAttemptIsListedAndTheOthersFinish() throws Exception {
        Path file = dir.resolve("failing.jsonl");
        FailingSpec.ATTEMPTS.set(0);
        try (SweepOutcome out = SparkSweep.on(spark, MODEL, LoadOptions.defaults(), new FailingSpec(PPL, 1), grid)
                .results(file).run(allocator)) {
            assertEquals(3, out.ran());
            assertEquals(1, out.failed().size());
            SweepOutcome.FailedCell f = out.failed().get(0);
            assertEquals(1, f.cell());
            assertEquals("sinks:4+28 @ 64", f.key());
            assertEquals(2, f.attempts(), "local[2,2] tries a task twice");
            assertEquals("java.lang.IllegalStateException: forced failure of cell sinks:4+28 @ 64 (test)", f.error());
            assertEquals(List.of(64L, 128L, 128L), List.of(out.table().getLong("length", 0),
                    out.table().getLong("length", 1), out.table().getLong("length", 2)));
        }
        assertEquals(2, FailingSpec.ATTEMPTS.get(), "Spark retried the failing cell once");
        assertEquals(Set.of(0, 2, 3), ResultsFile.read(file).rows().stream().map(ResultsFile.Row::cell)
                .collect(Collectors.toSet()), "the failed cell has no row");
        // Resuming with the working task runs the failed cell alone; the table is then the uninterrupted one.
        try (SweepOutcome out = SparkSweep.on(spark, MODEL, LoadOptions.defaults(), PPL, grid).results(file)
                .resume(true).run(allocator); Table local = Sweep.table(allocator, localFile)) {
            assertEquals(1, out.submitted());
            assertEqualTables(local, out.table());
        }
    }

    @Test
    void aModelFileMissingOnTheExecutorIsNamed() {
        SweepCell cell = new SweepCell(new ShippedModel("absent-model.gguf", "/nowhere/absent-model.gguf", "cpu", 0,
                "F32"), PPL, grid.task(), GridSpec.of(grid), 1);
        Exception e = assertThrows(Exception.class, () -> spark.context().parallelize(List.of(0), 1)
                .map(new SweepCell.Check(cell, MODEL, null)).collect());
        assertTrue(e.getMessage().contains("the model file absent-model.gguf (/nowhere/absent-model.gguf on the driver) "
                + "is missing on executor driver"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("never.jsonl")));
    }

    /** Equal column names and, row by row, equal values (doubles bit for bit) except the measured times. */
    static void assertEqualTables(Table expected, Table actual) {
        assertEqualTables(expected, actual, MEASURED);
    }

    /** Equal column names and, row by row, equal values (doubles bit for bit) except the columns {@code measured}. */
    static void assertEqualTables(Table expected, Table actual, Set<String> measured) {
        assertEquals(expected.columnNames(), actual.columnNames());
        assertEquals(expected.rowCount(), actual.rowCount());
        for (String c : expected.columnNames()) {
            if (measured.contains(c)) {
                continue;
            }
            for (int r = 0; r < expected.rowCount(); r++) {
                assertEquals(expected.get(c, r), actual.get(c, r), c + " of row " + r);
            }
        }
    }
}

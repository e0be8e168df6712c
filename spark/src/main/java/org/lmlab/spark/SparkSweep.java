package org.lmlab.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.model.extrapolation.sweep.SweepTask;
import org.lmlab.model.extrapolation.sweep.SweepTaskSpec;
import org.lmlab.model.gguf.ModelCatalog;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.scaleout.SweepRequest;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A length-extrapolation {@link Sweep} with one grid cell per Spark task. The model file and the task's files are
 * shipped with {@code SparkContext.addFile}; each executor loads the model once and runs every cell it gets on it
 * ({@link ExecutorModels}), each on a view under the cell's method, as the local sweep does. The driver opens the same
 * {@link ResultsFile} (created, or resumed), submits only the cells it lacks (one Spark job of one task per cell, all
 * at once under one job group), and appends each row, built by {@link Sweep#row}, as its task finishes; the table is
 * read back from the file, so an uninterrupted Spark run, a resumed one and a local {@link Sweep} give the same table
 * (values equal; seconds and tokens_per_s measured where each cell ran).
 *
 * <p>A cell that fails is retried by Spark; one that fails its last attempt ({@code spark.task.maxFailures}) is not
 * written to the file (its columns have no values) but listed in {@link SweepOutcome#failed()} with its error, and the sweep
 * goes on; resuming the file runs it again.
 *
 * <pre>{@code
 * SweepOutcome out = SparkSweep.on(spark, "smollm2-135m", LoadOptions.defaults(),
 *         PerplexitySpec.file(text, UTF_8, 0, 0, 32), grid).results(path).resume(true).progress(bar).run(allocator);
 * }</pre>
 */
public final class SparkSweep {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSweep.class);

    private final SparkRunner spark;
    private final String modelName;
    private final Path modelFile;
    private final LoadOptions options;
    private final SweepTaskSpec taskSpec;
    private final SweepGrid grid;
    private Path results;
    private boolean resume;
    private Progress progress = Progress.NONE;
    private Long executorMemory;

    private SparkSweep(SparkRunner spark, String modelName, Path modelFile, LoadOptions options, SweepTaskSpec taskSpec,
            SweepGrid grid) {
        this.spark = spark;
        this.modelName = modelName;
        this.modelFile = modelFile;
        this.options = options;
        this.taskSpec = taskSpec;
        this.grid = grid;
    }

    /**
     * A sweep of {@code grid} on the model {@code nameOrPath} (a bundled name or a GGUF file, located on the driver as
     * {@code LanguageModel.load} locates it); the grid's model must be {@code nameOrPath}, as a local sweep's must be
     * the loaded model's name.
     */
    public static SparkSweep on(SparkRunner spark, String nameOrPath, LoadOptions options, SweepTaskSpec task,
            SweepGrid grid) {
        return on(spark, nameOrPath, ModelCatalog.defaults().locate(nameOrPath), options, task, grid);
    }

    /** The sweep {@code request} describes (its results file and resume flag set). */
    public static SparkSweep of(SparkRunner spark, SweepRequest request) {
        return on(spark, request.model(), request.modelFile(), request.options(), request.task(), request.grid())
                .results(request.results()).resume(request.resume());
    }

    /**
     * A sweep of {@code grid} on the model named {@code name} (the grid's model, e.g. a loaded model's
     * {@code name()}) whose weights are {@code file} on the driver (its {@code path()}). The grid is checked against
     * the name and the task when the sweep runs.
     */
    public static SparkSweep on(SparkRunner spark, String name, Path file, LoadOptions options, SweepTaskSpec task,
            SweepGrid grid) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("model file " + file + " does not exist on the driver; nothing to ship");
        }
        return new SparkSweep(spark, name, file, options, task, grid);
    }

    /** The results file (required). */
    public SparkSweep results(Path path) {
        this.results = path;
        return this;
    }

    /** Continue the results file (it must exist and belong to this grid) instead of creating it. */
    public SparkSweep resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /**
     * The bytes each executor is taken to have for the model instead of what it measures (MemAvailable, container
     * limit, spark.executor.memoryOverhead): for tests, as {@link Sweep#availableMemory(java.util.function.LongSupplier)}.
     */
    public SparkSweep executorMemory(long bytes) {
        this.executorMemory = bytes;
        return this;
    }

    /** Cells done of total (the grid's size); finished cells of a resumed file count at once. */
    public SparkSweep progress(Progress progress) {
        this.progress = progress == null ? Progress.NONE : progress;
        return this;
    }

    /**
     * Runs every cell the results file lacks on Spark and returns the whole table.
     *
     * @throws IllegalArgumentException for a grid the task or model cannot serve, checked on an executor before
     *     anything is written
     * @throws IllegalStateException when an executor cannot load the model (a file missing there names it)
     * @throws Cancellation.CancelledException when stopped: the job group is cancelled, finished rows are kept
     */
    public SweepOutcome run(BufferAllocator allocator) {
        if (results == null) {
            throw new IllegalArgumentException("a sweep needs a results file");
        }
        SweepTask task = taskSpec.build(UnaryOperator.identity());
        Sweep.requireGridOf(grid, modelName, task);
        List<ColumnSchema> columns = Sweep.columns(task);
        List<SweepGrid.Cell> cells = grid.cells();
        List<SweepGrid.Cell> missing = missing(cells);
        JavaSparkContext context = spark.context();
        int attempts = maxFailures(spark);
        SweepCell cellTask = new SweepCell(ShippedModel.of(modelFile, options), taskSpec, task.definition(),
                GridSpec.of(grid), attempts);
        String what = "sweep " + task.name() + " on " + modelName + " on Spark " + spark.master() + " ("
                + cells.size() + " cells, " + missing.size() + " to run)";
        if (!missing.isEmpty()) {
            ship(context);
            SweepCell.Checked checked = SparkJobWatch.await(context, what + ": checking the grid on an executor",
                    Progress.NONE, () -> context.parallelize(List.of(0), 1)
                            .map(new SweepCell.Check(cellTask, modelName, executorMemory)).collectAsync()).get(0);
            if (checked.needed() > 0) {
                throw new Sweep.InsufficientMemoryException(checked.problem(), checked.needed(), checked.available());
            }
            if (!checked.problem().isEmpty()) {
                throw new IllegalArgumentException(checked.problem());
            }
        }
        List<SweepOutcome.FailedCell> failed = new ArrayList<>();
        int[] ran = {0};
        try (ResultsFile file = resume ? ResultsFile.resume(results, grid, columns)
                : ResultsFile.create(results, grid, columns)) {
            file.repaired().ifPresent(LOG::warn);
            List<SweepGrid.Cell> toRun = cells.stream().filter(c -> !file.has(c.index())).toList();
            int skipped = cells.size() - toRun.size();
            progress.start(cells.size(), what);
            spark.uiUrl().ifPresent(url -> progress.note("Spark UI: " + url));
            try {
                progress.step(skipped);
                List<Supplier<JavaFutureAction<List<SweepCell.Result>>>> jobs = new ArrayList<>();
                for (SweepGrid.Cell c : toRun) {
                    jobs.add(() -> context.parallelize(List.of(c.index()), 1).map(cellTask).collectAsync());
                }
                SparkJobWatch.awaitEach(context, what, progress, jobs, done -> {
                    SweepGrid.Cell cell = toRun.get(done.index());
                    if (done.failure() != null) {
                        failed.add(new SweepOutcome.FailedCell(cell.index(), cell.key(), "Spark: " + done.failure(), attempts,
                                "?"));
                        return;
                    }
                    SweepCell.Result r = done.result().get(0);
                    if (r.error() != null) {
                        failed.add(new SweepOutcome.FailedCell(cell.index(), cell.key(), r.error(), r.attempts(), r.executor()));
                        return;
                    }
                    file.append(Sweep.row(modelName, task, cell, r.taskResult(), r.seconds()));
                    ran[0]++;
                });
            } finally {
                progress.done();
            }
            failed.sort((a, b) -> Integer.compare(a.cell(), b.cell()));
            for (SweepOutcome.FailedCell f : failed) {
                String line = "cell " + f.key() + " failed after " + f.attempts() + " attempt(s) on executor "
                        + f.executor() + ": " + f.error();
                LOG.warn(line);
                progress.note(line);
            }
            Table table = ResultsFile.table(allocator, "sweep " + results.getFileName(), columns, file.rows());
            return new SweepOutcome(new Sweep.Outcome(table, ran[0], skipped, file.repaired()), toRun.size(), failed);
        }
    }

    /** Cells a resumed file does not hold yet (read without changing it), or all of them. */
    private List<SweepGrid.Cell> missing(List<SweepGrid.Cell> cells) {
        Set<Integer> done = new HashSet<>();
        if (resume && Files.exists(results)) {
            ResultsFile.Contents c = ResultsFile.read(results);
            if (c.fingerprint().equals(grid.fingerprint())) {
                c.rows().forEach(r -> done.add(r.cell()));
            }
        }
        return cells.stream().filter(c -> !done.contains(c.index())).toList();
    }

    /** Adds the model and the task's files to the context's files (a path already added is not added again). */
    private void ship(JavaSparkContext context) {
        List<Path> files = new ArrayList<>();
        files.add(modelFile);
        files.addAll(taskSpec.files());
        for (Path f : files) {
            Path absolute = f.toAbsolutePath();
            if (!Files.exists(absolute)) {
                throw new IllegalArgumentException(absolute + " does not exist on the driver; nothing to ship");
            }
            String uri = absolute.toUri().toString();
            if (!CollectionConverters.asJava(context.sc().listFiles()).contains(uri)) {
                context.sc().addFile(uri, Files.isDirectory(absolute));
            }
        }
    }

    /**
     * The attempts Spark makes at a task: {@code local[N,F]} F, other {@code local} masters 1, else
     * {@code spark.task.maxFailures} (4 by default).
     */
    static int maxFailures(SparkRunner spark) {
        String master = spark.master().strip();
        Matcher m = Pattern.compile("local\\[\\s*(\\d+|\\*)\\s*,\\s*(\\d+)\\s*\\]").matcher(master);
        if (m.matches()) {
            return Integer.parseInt(m.group(2));
        }
        if (master.equals("local") || master.matches("local\\[[^,]*\\]")) {
            return 1;
        }
        return spark.context().getConf().getInt("spark.task.maxFailures", 4);
    }
}

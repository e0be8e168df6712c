package org.lmlab.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.StudyOutcome;
import org.lmlab.scaleout.StudyRequest;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.table.Table;
import org.lmlab.training.study.PeStudy;
import org.lmlab.training.study.StudyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A positional-encoding {@link PeStudy} with one training run per Spark task. The study's {@link StudyConfig} travels
 * with each task; the executor trains and tests the run with {@link PeStudy#trainAndTest} at the study's intra-op
 * thread count, so its values are the local study's. The driver opens the same {@link ResultsFile} (created, or
 * resumed), submits only the runs whose rows it lacks (one Spark job of one task per run, all at once under one job
 * group), and appends each run's missing rows as its task finishes; the table is read back from the file, so an
 * uninterrupted Spark study, a resumed one and a local {@link PeStudy} give the same table (train_seconds measured
 * where each run trained).
 *
 * <p>A run that fails is retried by Spark; one that fails its last attempt is not written but listed in
 * {@link StudyOutcome#failed()} with its error, and the study goes on; resuming the file trains it again.
 *
 * <pre>{@code
 * StudyOutcome out = SparkPeStudy.of(spark, config).results(path).resume(true).progress(bar).run(allocator);
 * }</pre>
 */
public final class SparkPeStudy {

    private static final Logger LOG = LoggerFactory.getLogger(SparkPeStudy.class);

    private final SparkRunner spark;
    private final StudyConfig config;
    private Path results;
    private boolean resume;
    private Progress progress = Progress.NONE;
    private BiFunction<StudyConfig, Integer, StudyRun> runTask = StudyRun::new;

    private SparkPeStudy(SparkRunner spark, StudyConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public static SparkPeStudy of(SparkRunner spark, StudyConfig config) {
        return new SparkPeStudy(spark, config);
    }

    /** The study {@code request} describes (its results file and resume flag set). */
    public static SparkPeStudy of(SparkRunner spark, StudyRequest request) {
        return of(spark, request.config()).results(request.results()).resume(request.resume());
    }

    /** The results file (required). */
    public SparkPeStudy results(Path path) {
        this.results = path;
        return this;
    }

    /** Continue the results file (it must exist and belong to this study) instead of creating it. */
    public SparkPeStudy resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Runs done of all the study's runs; runs a resumed file held count at once. */
    public SparkPeStudy progress(Progress progress) {
        this.progress = progress == null ? Progress.NONE : progress;
        return this;
    }

    /** The Spark task of each run, from the config and Spark's attempts per task (tests give a failing one). */
    SparkPeStudy runTask(BiFunction<StudyConfig, Integer, StudyRun> task) {
        this.runTask = task;
        return this;
    }

    /**
     * Trains every run whose rows the results file lacks on Spark and returns the whole table.
     *
     * @throws IllegalArgumentException for a results file of another study, or a corrupt one (nothing changed)
     * @throws Cancellation.CancelledException when stopped: the job group is cancelled, finished runs' rows are kept
     */
    public StudyOutcome run(BufferAllocator allocator) {
        if (results == null) {
            throw new IllegalArgumentException("a study needs a results file");
        }
        PeStudy study = PeStudy.of(config);
        ResultsFile.Plan plan = study.plan();
        List<PeStudy.Run> runs = study.runs();
        JavaSparkContext context = spark.context();
        int attempts = SparkSweep.maxFailures(spark);
        StudyRun task = runTask.apply(config, attempts);
        List<SweepOutcome.FailedCell> failed = new ArrayList<>();
        List<String> diverged = new ArrayList<>();
        int[] trained = {0};
        try (ResultsFile file = resume ? ResultsFile.resume(results, plan, PeStudy.COLUMNS)
                : ResultsFile.create(results, plan, PeStudy.COLUMNS)) {
            file.repaired().ifPresent(LOG::warn);
            List<PeStudy.Run> todo = runs.stream().filter(r -> !r.complete(file::has)).toList();
            int skipped = runs.size() - todo.size();
            String what = "pe-study on Spark " + spark.master() + " (" + runs.size() + " runs, " + todo.size()
                    + " to train)";
            progress.start(runs.size(), what);
            spark.uiUrl().ifPresent(url -> progress.note("Spark UI: " + url));
            try {
                progress.step(skipped);
                List<Supplier<JavaFutureAction<List<StudyRun.Result>>>> jobs = new ArrayList<>();
                for (PeStudy.Run r : todo) {
                    jobs.add(() -> context.parallelize(List.of(r.index()), 1).map(task).collectAsync());
                }
                SparkJobWatch.awaitEach(context, what, progress, jobs, done -> {
                    PeStudy.Run run = todo.get(done.index());
                    if (done.failure() != null) {
                        failed.add(new SweepOutcome.FailedCell(run.index(), run.label(), "Spark: " + done.failure(),
                                attempts, "?"));
                        return;
                    }
                    StudyRun.Result r = done.result().get(0);
                    if (r.error() != null) {
                        failed.add(new SweepOutcome.FailedCell(run.index(), run.label(), r.error(), r.attempts(),
                                r.executor()));
                        return;
                    }
                    for (StudyRun.Row row : r.rows()) {
                        if (!file.has(row.cell())) { // a run cut short before its rows were all written
                            file.append(row.toRow());
                        }
                    }
                    if (r.diverged() != null) {
                        diverged.add(r.diverged());
                    }
                    trained[0]++;
                });
            } finally {
                progress.done();
            }
            failed.sort((a, b) -> Integer.compare(a.cell(), b.cell()));
            for (SweepOutcome.FailedCell f : failed) {
                String line = "run " + f.key() + " failed after " + f.attempts() + " attempt(s) on executor "
                        + f.executor() + ": " + f.error();
                LOG.warn(line);
                progress.note(line);
            }
            Table table = ResultsFile.table(allocator, "pe-study " + results.getFileName(), PeStudy.COLUMNS,
                    file.rows());
            return new StudyOutcome(new PeStudy.Outcome(table, trained[0], skipped, file.repaired(), diverged),
                    todo.size(), failed);
        }
    }
}

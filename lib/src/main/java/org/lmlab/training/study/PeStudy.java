package org.lmlab.training.study;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.extrapolation.passkey.Accuracy;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.training.Trainer;
import org.lmlab.training.TrainingResult;
import org.lmlab.training.Transformer;
import org.lmlab.training.tasks.SyntheticTask;
import org.lmlab.training.tasks.TestSet;

/**
 * Runs a {@link StudyConfig}: one training run per task x encoding x seed, each tested by exact
 * match ({@link TaskScorer}) at every size 1..testMax, one row per (run, size) appended durably to a
 * {@link ResultsFile} as soon as the run is tested. A resumed study trains only the runs whose rows
 * are missing; runs are deterministic for a seed and thread count, so a run cut short before its
 * rows were all written is trained again and gives the same values, and the table equals an
 * uninterrupted study's. A run whose loss becomes NaN keeps the parameters of its last finite step
 * ({@link Trainer}), is tested with those, and its rows say {@code diverged} with the reason; the
 * study goes on.
 *
 * <pre>{@code
 * PeStudy.Outcome out = PeStudy.of(StudyConfig.ciSized()).results(path).resume(true).progress(bar).run(allocator);
 * }</pre>
 */
public final class PeStudy {

    /** A row's columns, in order. */
    public static final List<ColumnSchema> COLUMNS = List.of(
            ColumnSchema.of("task", ColumnType.UTF8), ColumnSchema.of("encoding", ColumnType.UTF8),
            ColumnSchema.of("seed", ColumnType.INT64), ColumnSchema.of("length", ColumnType.INT64),
            ColumnSchema.of("in_distribution", ColumnType.BOOL), ColumnSchema.of("held_out", ColumnType.BOOL),
            ColumnSchema.of("examples", ColumnType.INT64), ColumnSchema.of("correct", ColumnType.INT64),
            ColumnSchema.of("accuracy", ColumnType.FLOAT64), ColumnSchema.of("low", ColumnType.FLOAT64),
            ColumnSchema.of("high", ColumnType.FLOAT64), ColumnSchema.of("final_loss", ColumnType.FLOAT64),
            ColumnSchema.of("steps", ColumnType.INT64), ColumnSchema.of("status", ColumnType.UTF8),
            ColumnSchema.of("parameters", ColumnType.INT64), ColumnSchema.of("train_seconds", ColumnType.FLOAT64));

    /** Training steps whose losses make a row's {@code final_loss} (their mean). */
    static final int FINAL_LOSS_STEPS = 20;

    /**
     * One training run of the study.
     *
     * @param index     position in the study's order (task, then encoding, then seed)
     * @param firstCell the results file's cell of this run at size 1 (size n is {@code firstCell + n - 1})
     */
    public record Run(int index, StudyTask task, String encoding, long seed, int firstCell) {
        /** "copy/rope/seed 1". */
        public String label() {
            return task.name() + "/" + encoding + "/seed " + seed;
        }

        public int cell(int size) {
            return firstCell + size - 1;
        }

        /** Whether every size's cell is {@code done}: a results file holds all of this run's rows. */
        public boolean complete(IntPredicate done) {
            for (int size = 1; size <= task.testMax(); size++) {
                if (!done.test(cell(size))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final StudyConfig config;
    private Path results;
    private boolean resume;
    private Progress progress = Progress.NONE;
    private int parallel = 1;

    private PeStudy(StudyConfig config) {
        this.config = config;
    }

    public static PeStudy of(StudyConfig config) {
        return new PeStudy(config);
    }

    /** The results file (required). */
    public PeStudy results(Path path) {
        this.results = path;
        return this;
    }

    /** Continue the results file (it must exist and belong to this study) instead of creating it. */
    public PeStudy resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Training steps of the runs still to do, with the running loss as the note. */
    public PeStudy progress(Progress progress) {
        this.progress = progress == null ? Progress.NONE : progress;
        return this;
    }

    /**
     * Runs trained at once, each on its own thread with the study's intra-op thread count (default
     * 1). Results do not depend on it: every run is computed the same way whatever runs beside it.
     */
    public PeStudy parallel(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("parallel runs must be at least 1, got " + workers);
        }
        this.parallel = workers;
        return this;
    }

    public StudyConfig config() {
        return config;
    }

    /** Every run, in the study's order. */
    public List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        int cells = 0;
        for (StudyTask task : config.tasks()) {
            for (String encoding : config.encodings()) {
                for (long seed : config.seeds()) {
                    runs.add(new Run(runs.size(), task, encoding, seed, cells));
                    cells += task.testMax();
                }
            }
        }
        return runs;
    }

    /** The results file's plan: one cell per run and test size, run by run. */
    public ResultsFile.Plan plan() {
        List<String> keys = new ArrayList<>();
        for (Run run : runs()) {
            for (int length = 1; length <= run.task().testMax(); length++) {
                keys.add(run.label() + "/length " + length);
            }
        }
        String definition = config.definition();
        return new ResultsFile.Plan("study", "study", SweepGrid.sha256(definition), definition, keys);
    }

    /**
     * The finished study.
     *
     * @param table     every row, in the study's order, read back from the results file
     * @param trained   runs trained by this call
     * @param skipped   runs the results file already held in full
     * @param repaired  what resuming cut off the file, if anything
     * @param diverged  one message per run of this call whose loss became NaN or infinite
     */
    public record Outcome(Table table, int trained, int skipped, Optional<String> repaired, List<String> diverged)
            implements AutoCloseable {
        public Outcome {
            diverged = List.copyOf(diverged);
        }

        @Override
        public void close() {
            table.close();
        }
    }

    /**
     * Trains and tests every run the results file lacks and returns the whole table.
     *
     * @throws IllegalArgumentException for a results file of another study, or a corrupt one (nothing changed)
     * @throws Cancellation.CancelledException when stopped; the rows of tested runs are kept
     */
    public Outcome run(BufferAllocator allocator) {
        if (results == null) {
            throw new IllegalArgumentException("a study needs a results file");
        }
        ResultsFile.Plan plan = plan();
        List<String> diverged = new ArrayList<>();
        int trained = 0;
        try (ResultsFile file = resume ? ResultsFile.resume(results, plan, COLUMNS)
                : ResultsFile.create(results, plan, COLUMNS)) {
            List<Run> todo = runs().stream().filter(r -> !r.complete(file::has)).toList();
            int skipped = config.runs() - todo.size();
            long steps = todo.stream().mapToLong(r -> r.task().steps()).sum();
            progress.start(steps, String.format(Locale.ROOT, "pe-study: %d runs, %,d steps%s", todo.size(), steps,
                    skipped > 0 ? " (" + skipped + " runs done before)" : ""));
            try {
                Map<String, List<TestSet>> suites = new HashMap<>();
                for (Run run : todo) {
                    Cancellation.check();
                    suites.computeIfAbsent(run.task().name(), t -> suite(config, run.task()));
                }
                List<String> problems = DjlRuntime.withIntraOpThreads(config.threads(),
                        () -> runAll(todo, suites, file));
                trained = todo.size();
                problems.stream().filter(p -> p != null).forEach(diverged::add);
            } finally {
                progress.done();
            }
            return new Outcome(ResultsFile.table(allocator, "pe-study " + results.getFileName(), COLUMNS, file.rows()),
                    trained, skipped, file.repaired(), diverged);
        }
    }

    /** Each run's divergence message (or null), in order: one after another, or on {@link #parallel} workers. */
    private List<String> runAll(List<Run> todo, Map<String, List<TestSet>> suites, ResultsFile file) {
        List<String> problems = new ArrayList<>();
        int workers = Math.min(parallel, todo.size());
        if (workers <= 1) {
            for (Run run : todo) {
                problems.add(trainAndTest(run, suites.get(run.task().name()), file, todo.indexOf(run) + 1, todo.size()));
            }
            return problems;
        }
        Progress shared = progress;
        progress = synchronizedProgress(shared);
        AtomicInteger ids = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "pe-study-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (Run run : todo) {
                futures.add(pool.submit(() -> {
                    // Not restored per run, so no worker changes the thread count under another.
                    DjlRuntime.prepareWorkerThread(config.threads());
                    return trainAndTest(run, suites.get(run.task().name()), file, todo.indexOf(run) + 1, todo.size());
                }));
            }
            RuntimeException failure = null;
            for (Future<String> f : futures) {
                try {
                    problems.add(f.get());
                } catch (CancellationException e) {
                    problems.add(null); // not started after another run failed
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re ? re
                                : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                        futures.forEach(other -> other.cancel(false)); // queued runs never start
                    }
                    problems.add(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancellation.CancelledException();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return problems;
        } finally {
            pool.shutdownNow();
            progress = shared;
        }
    }

    /** {@code p} with every call serialised, for workers that report at once. */
    private static Progress synchronizedProgress(Progress p) {
        return new Progress() {
            @Override
            public synchronized void start(long total, String label) {
                p.start(total, label);
            }

            @Override
            public synchronized void step(long units) {
                p.step(units);
            }

            @Override
            public synchronized void note(String text) {
                p.note(text);
            }

            @Override
            public synchronized void done() {
                p.done();
            }
        };
    }

    /** Trains one run, tests it at the sizes the file lacks and appends those rows; the divergence message or null. */
    private String trainAndTest(Run run, List<TestSet> suite, ResultsFile file, int ordinal, int of) {
        String prefix = String.format(Locale.ROOT, "run %d/%d %s: ", ordinal, of, run.label());
        return trainAndTest(config, run, suite, file::has, forwarding(progress, prefix), file::append);
    }

    /** The test sets of {@code task}: the same for every run, encoding and seed of {@code config}. */
    public static List<TestSet> suite(StudyConfig config, StudyTask task) {
        return TestSet.suite(task.task(), task.plan(), config.testExamples(), config.testSeed());
    }

    /**
     * Trains {@code run} of {@code config} on the calling thread (whose PyTorch settings the caller prepares), tests
     * it at every size of {@code suite} whose cell is not {@code done}, and hands each row to {@code rows} as it is
     * made: what a study does per run, here and on a cluster's executors.
     *
     * @param progress the training steps and the running loss (a run's own start and end are not reported)
     * @return the divergence message, or null when the run completed
     * @throws Cancellation.CancelledException when stopped; no row of this run is handed over after that
     */
    public static String trainAndTest(StudyConfig config, Run run, List<TestSet> suite, IntPredicate done,
            Progress progress, Consumer<ResultsFile.Row> rows) {
        StudyTask study = run.task();
        SyntheticTask task = study.task();
        try (Transformer model = Transformer.initialize(config.model(study, run.encoding()), run.seed(), DataType.FLOAT32)) {
            TrainingResult r = Trainer.train(model, new TaskBatches(task, study.plan(), config.batch(), run.seed()),
                    study.settings(config.learningRate()), progress);
            if (r.status() == TrainingResult.Status.CANCELLED) {
                Cancellation.check(); // throws: this run's rows are not written
            }
            if (r.steps() < study.steps()) {
                progress.step(study.steps() - r.steps()); // a diverged run's bar still ends full
            }
            String status = r.status() == TrainingResult.Status.COMPLETED ? "completed" : "diverged: " + r.message();
            for (TestSet set : suite) {
                int cell = run.cell(set.length());
                if (done.test(cell)) {
                    continue;
                }
                Cancellation.check();
                int correct = TaskScorer.correct(model, set);
                rows.accept(row(cell, run, set, correct, r, status, model.parameterCount()));
            }
            return r.status() == TrainingResult.Status.DIVERGED ? run.label() + ": " + r.message() : null;
        }
    }

    private static ResultsFile.Row row(int cell, Run run, TestSet set, int correct, TrainingResult r, String status,
            long parameters) {
        Accuracy a = Accuracy.of(correct, set.size());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("task", run.task().name());
        v.put("encoding", run.encoding());
        v.put("seed", run.seed());
        v.put("length", (long) set.length());
        v.put("in_distribution", run.task().plan().inDistribution(set.length()));
        v.put("held_out", set.heldOut());
        v.put("examples", (long) set.size());
        v.put("correct", (long) correct);
        v.put("accuracy", a.value());
        v.put("low", a.low());
        v.put("high", a.high());
        double loss = r.recentLoss(FINAL_LOSS_STEPS);
        v.put("final_loss", Double.isFinite(loss) ? loss : null);
        v.put("steps", (long) r.steps());
        v.put("status", status);
        v.put("parameters", parameters);
        v.put("train_seconds", r.seconds());
        return new ResultsFile.Row(cell, run.label() + "/length " + set.length(), v);
    }

    /** The study's bar for one run's trainer: steps and the loss note pass through, the run's start and end do not. */
    private static Progress forwarding(Progress progress, String prefix) {
        return new Progress() {
            @Override
            public void start(long total, String label) {
            }

            @Override
            public void step(long units) {
                progress.step(units);
            }

            @Override
            public void note(String text) {
                progress.note(prefix + text);
            }

            @Override
            public void done() {
            }
        };
    }
}

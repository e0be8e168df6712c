package org.lmlab.model.extrapolation.sweep;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.engine.MemoryEstimate;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SweepGrid} of a {@link SweepTask} on a loaded model: cell by cell in the grid's
 * order, each on a view of the model under the cell's method (weights shared), checking memory
 * before each cell, appending each finished row durably to a {@link ResultsFile}, and skipping
 * cells the file already holds when resuming. The result is read back from the file, so a resumed
 * sweep gives exactly the table an uninterrupted one gives.
 *
 * <pre>{@code
 * Sweep.Outcome out = Sweep.on(model, task, grid).results(path).resume(true).progress(bar).run(allocator);
 * }</pre>
 */
public final class Sweep {

    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    /** Columns every row starts with. */
    public static final List<ColumnSchema> LEADING = List.of(
            ColumnSchema.of("model", ColumnType.UTF8), ColumnSchema.of("method", ColumnType.UTF8),
            ColumnSchema.of("parameters", ColumnType.UTF8), ColumnSchema.of("length", ColumnType.INT64),
            ColumnSchema.of("depth", ColumnType.FLOAT64), ColumnSchema.of("seed", ColumnType.INT64));
    /** Columns every row ends with. */
    public static final List<ColumnSchema> TRAILING = List.of(
            ColumnSchema.of("tokens", ColumnType.INT64), ColumnSchema.of("seconds", ColumnType.FLOAT64),
            ColumnSchema.of("tokens_per_s", ColumnType.FLOAT64));

    private final LanguageModel model;
    private final SweepTask task;
    private final SweepGrid grid;
    private Path results;
    private boolean resume;
    private Progress progress = Progress.NONE;
    private Progress cellProgress = Progress.NONE;
    private LongSupplier available = Sweep::availableMemory;

    private Sweep(LanguageModel model, SweepTask task, SweepGrid grid) {
        this.model = model;
        this.task = task;
        this.grid = grid;
    }

    /** A sweep of {@code grid} with {@code task} on {@code model}; set the results file before {@link #run}. */
    public static Sweep on(LanguageModel model, SweepTask task, SweepGrid grid) {
        requireGridOf(grid, model.name(), task);
        return new Sweep(model, task, grid);
    }

    /**
     * Refuses {@code grid} unless it was made for the model named {@code model} and for {@code task}.
     *
     * @throws IllegalArgumentException naming both
     */
    public static void requireGridOf(SweepGrid grid, String model, SweepTask task) {
        if (!grid.model().equals(model)) {
            throw new IllegalArgumentException("the grid is for model " + grid.model() + ", not " + model);
        }
        if (!grid.task().equals(task.definition())) {
            throw new IllegalArgumentException("the grid was made for task '" + grid.task() + "', not '"
                    + task.definition() + "'");
        }
    }

    /** The results file (required). */
    public Sweep results(Path path) {
        this.results = path;
        return this;
    }

    /** Continue the results file (it must exist and belong to this grid) instead of creating it. */
    public Sweep resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Cells done of total (the grid's size); finished cells of a resumed file count at once. */
    public Sweep progress(Progress progress) {
        this.progress = progress == null ? Progress.NONE : progress;
        return this;
    }

    /**
     * Where each cell reports its own work (tokens scored or generated; each cell starts it anew), by
     * default nowhere.
     */
    public Sweep cellProgress(Progress progress) {
        this.cellProgress = progress == null ? Progress.NONE : progress;
        return this;
    }

    /** Where free memory is read from (bytes); by default {@link #availableMemory()}. */
    public Sweep availableMemory(LongSupplier bytes) {
        this.available = bytes;
        return this;
    }

    /** Every column of a row, in order. */
    public List<ColumnSchema> columns() {
        return columns(task);
    }

    /** Every column of a row of {@code task}'s sweep, in order: {@link #LEADING}, the task's, {@link #TRAILING}. */
    public static List<ColumnSchema> columns(SweepTask task) {
        List<ColumnSchema> all = new ArrayList<>(LEADING);
        all.addAll(task.columns());
        all.addAll(TRAILING);
        return all;
    }

    /**
     * The finished sweep.
     *
     * @param table    every row, in cell order, read back from the file
     * @param ran      cells run by this call
     * @param skipped  cells the results file already held
     * @param repaired what resuming cut off the file, if anything
     */
    public record Outcome(Table table, int ran, int skipped, Optional<String> repaired) implements AutoCloseable {
        @Override
        public void close() {
            table.close();
        }
    }

    /**
     * Runs every cell the results file lacks and returns the whole table.
     *
     * @throws IllegalArgumentException for a grid the task or model cannot serve (before anything runs)
     * @throws InsufficientMemoryException before anything runs when the largest cell still to run would not
     *     fit in the memory free now, and before a cell that would not fit; finished rows are kept
     * @throws Cancellation.CancelledException when stopped; finished rows are kept
     */
    public Outcome run(BufferAllocator allocator) {
        if (results == null) {
            throw new IllegalArgumentException("a sweep needs a results file");
        }
        List<SweepGrid.Cell> cells = grid.cells();
        requireMemoryForAll(cells);
        task.check(model, grid);
        Map<String, LanguageModel> views = new LinkedHashMap<>();
        for (MethodSpec m : grid.methods()) {
            try {
                views.put(m.spec(), model.with(m.method()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("method " + m.spec() + " does not fit " + model.name() + ": "
                        + e.getMessage(), e);
            }
        }
        List<ColumnSchema> columns = columns();
        int ran = 0;
        int skipped;
        Optional<String> repaired;
        try (ResultsFile file = resume ? ResultsFile.resume(results, grid, columns)
                : ResultsFile.create(results, grid, columns)) {
            repaired = file.repaired();
            repaired.ifPresent(LOG::warn);
            skipped = file.rows().size();
            progress.start(cells.size(), "sweep " + task.name() + " on " + model.name() + ": " + cells.size() + " cells");
            try {
                progress.step(skipped);
                for (SweepGrid.Cell cell : cells) {
                    if (file.has(cell.index())) {
                        continue;
                    }
                    Cancellation.check();
                    requireMemory(cell, "The " + file.rows().size() + " rows written so far are kept in " + results
                            + "; --resume continues there");
                    LOG.debug("sweep cell {} of {}: {}", cell.index() + 1, cells.size(), cell.key());
                    long started = System.nanoTime();
                    SweepTask.Result r = task.run(views.get(cell.method().spec()), cell,
                            labelled(cellProgress, "cell " + (cell.index() + 1) + "/" + cells.size() + " (" + cell.key()
                                    + "): "));
                    double seconds = (System.nanoTime() - started) / 1e9;
                    file.append(row(model.name(), task, cell, r, seconds));
                    ran++;
                    progress.step(1);
                }
            } finally {
                progress.done();
            }
            return new Outcome(ResultsFile.table(allocator, "sweep " + results.getFileName(), columns, file.rows()), ran,
                    skipped, repaired);
        } finally {
            views.values().forEach(LanguageModel::close); // views free nothing; the model keeps the weights
        }
    }

    /**
     * {@code progress} with {@code prefix} before each label, so a cell's bar also says which cell of
     * how many it is (where one line shows both bars, a console or a log, the cell's is the one seen).
     */
    private static Progress labelled(Progress progress, String prefix) {
        if (progress == Progress.NONE) {
            return progress;
        }
        return new Progress() {
            @Override
            public void start(long total, String label) {
                progress.start(total, prefix + label);
            }

            @Override
            public void step(long units) {
                progress.step(units);
            }

            @Override
            public void done() {
                progress.done();
            }
        };
    }

    /**
     * The results row of {@code cell}: the common columns around the task's values ({@code r}), with
     * {@code seconds} the cell took (tokens_per_s from it).
     *
     * @param model the model's name, as the grid has it
     * @throws IllegalStateException when {@code r} lacks a value for one of the task's columns
     */
    public static ResultsFile.Row row(String model, SweepTask task, SweepGrid.Cell cell, SweepTask.Result r,
            double seconds) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("model", model);
        v.put("method", cell.method().spec());
        v.put("parameters", cell.method().parameters());
        v.put("length", (long) cell.length());
        v.put("depth", cell.depth());
        v.put("seed", cell.seed());
        for (ColumnSchema c : task.columns()) {
            if (!r.values().containsKey(c.name())) {
                throw new IllegalStateException("task " + task.name() + " returned no value for column " + c.name()
                        + " in cell " + cell.key());
            }
            v.put(c.name(), r.values().get(c.name()));
        }
        v.put("tokens", r.tokens());
        v.put("seconds", seconds);
        v.put("tokens_per_s", seconds > 0 ? r.tokens() / seconds : null);
        return new ResultsFile.Row(cell.index(), cell.key(), v);
    }

    /** The rows of a results file as a table (the columns its header names), in cell order. */
    public static Table table(BufferAllocator allocator, Path resultsFile) {
        return table(allocator, resultsFile, ResultsFile.read(resultsFile));
    }

    /** The rows of {@code contents}, already read from {@code resultsFile}, as a table. */
    public static Table table(BufferAllocator allocator, Path resultsFile, ResultsFile.Contents contents) {
        return ResultsFile.table(allocator, "sweep " + resultsFile.getFileName(), contents.columns(), contents.rows());
    }

    /**
     * Refuses the grid before anything runs (the results file untouched) when the largest cell it still
     * has to run would not fit now: a grid that cannot finish should not start. Cells a resumed file
     * already holds are not counted (read without changing the file; a file of another grid is refused
     * when it is opened).
     */
    private void requireMemoryForAll(List<SweepGrid.Cell> cells) {
        Set<Integer> done = new HashSet<>();
        if (resume && Files.exists(results)) {
            ResultsFile.Contents c = ResultsFile.read(results);
            if (c.fingerprint().equals(grid.fingerprint())) {
                c.rows().forEach(r -> done.add(r.cell()));
            }
        }
        cells.stream().filter(c -> !done.contains(c.index())).max(Comparator.comparingInt(task::cachePositions))
                .ifPresent(largest -> requireMemory(largest, "Nothing ran; " + (Files.exists(results)
                        ? "the " + done.size() + " rows in " + results + " are unchanged" : "nothing was written")));
    }

    /**
     * Refuses a cell whose KV cache and activations would not fit in the memory the machine has
     * free. The weights are already loaded (native memory, outside the Java heap), so they are not
     * counted again.
     *
     * @param kept what happened to the results, the refusal's last sentence
     */
    private void requireMemory(SweepGrid.Cell cell, String kept) {
        requireMemory(model, task, cell, available.getAsLong(), kept);
    }

    /**
     * Refuses {@code cell} of {@code task} on loaded {@code model} when its KV cache and activations
     * ({@link #cellBytes}) exceed {@code free} bytes (negative: unknown, never refused).
     *
     * @param kept the refusal's last sentence (what happened to the results)
     * @throws InsufficientMemoryException naming the cell, what it needs and what is free
     */
    public static void requireMemory(LanguageModel model, SweepTask task, SweepGrid.Cell cell, long free, String kept) {
        int positions = task.cachePositions(cell);
        long need = cellBytes(model, positions);
        if (free >= 0 && need > free) {
            MemoryEstimate m = model.memory(positions);
            throw new InsufficientMemoryException(String.format(Locale.ROOT,
                    "cell %s needs about %.0f MiB (KV cache of %,d positions %.0f MiB + activations %.0f MiB; the "
                            + "weights, %.0f MiB, are already loaded) but %.0f MiB are available; run shorter lengths or "
                            + "free memory. %s",
                    cell.key(), need / MIB, positions, m.kvCacheBytes() / MIB, (need - m.kvCacheBytes()) / MIB,
                    m.weightBytes() / MIB, free / MIB, kept), need, free);
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    /**
     * Bytes a pass over {@code positions} tokens adds to the loaded model: its KV cache
     * ({@link LanguageModel#memory}) plus activations, counted as 4 hidden-size and 3
     * intermediate-size F32 vectors per position (the residual stream, the normed input, the
     * attention output, the MLP's gate, up and product) and the embedding lookup's index array.
     */
    public static long cellBytes(LanguageModel model, int positions) {
        var c = model.config();
        long activations = (long) positions * (4L * c.hiddenSize() + 3L * c.intermediateSize()) * 4
                + (long) positions * c.hiddenSize() * 8;
        return model.memory(positions).kvCacheBytes() + activations;
    }

    /**
     * Memory the OS can give this process now, in bytes: {@code MemAvailable} from /proc/meminfo
     * (Linux), else the free physical memory the JVM reports; -1 when neither is known.
     */
    public static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back below
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return -1;
    }

    /** A cell that would not fit in the memory available; the results file keeps what was done. */
    public static final class InsufficientMemoryException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long needed;
        private final long available;

        public InsufficientMemoryException(String message, long needed, long available) {
            super(message);
            this.needed = needed;
            this.available = available;
        }

        public long needed() {
            return needed;
        }

        public long available() {
            return available;
        }
    }
}

package org.lmlab.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.model.extrapolation.sweep.SweepTask;
import org.lmlab.model.extrapolation.sweep.SweepTaskSpec;
import org.lmlab.progress.Progress;

/**
 * One Spark task of a sweep: runs grid cell {@code index} on the executor's model ({@link ExecutorModels}), on a view
 * under the cell's method, after Sweep's memory check, as {@link Sweep} runs a cell. A cell that throws is handed back
 * to Spark to retry, except on its last attempt ({@code spark.task.maxFailures}), where the error comes back as the
 * result: the sweep records the cell as failed and goes on.
 */
class SweepCell implements Function<Integer, SweepCell.Result> {

    private static final long serialVersionUID = 1L;

    /**
     * A cell's outcome: the task's values, tokens and seconds, or the error of its last attempt.
     *
     * @param attempts Spark's attempts at it (1 when the first succeeded)
     * @param executor the executor that ran the last attempt
     */
    record Result(int cell, LinkedHashMap<String, Object> values, long tokens, double seconds, String error,
            int attempts, String executor) implements Serializable {
        private static final long serialVersionUID = 1L;

        SweepTask.Result taskResult() {
            return new SweepTask.Result(values, tokens);
        }
    }

    private final ShippedModel model;
    private final SweepTaskSpec task;
    private final String taskDefinition;
    private final GridSpec grid;
    private final int maxFailures;

    SweepCell(ShippedModel model, SweepTaskSpec task, String taskDefinition, GridSpec grid, int maxFailures) {
        this.model = model;
        this.task = task;
        this.taskDefinition = taskDefinition;
        this.grid = grid;
        this.maxFailures = maxFailures;
    }

    @Override
    public Result call(Integer index) throws Exception {
        return LastAttempt.call(maxFailures,
                attempt -> ExecutorModels.with(model.local(), model.options(), m -> run(m, index, attempt)),
                (error, attempts, executor) -> new Result(index, null, 0, 0, error, attempts, executor));
    }

    private Result run(LanguageModel loaded, int index, int attempt) {
        SweepTask t = task(loaded);
        SweepGrid g = grid.toGrid(loaded.config().contextLength());
        SweepGrid.Cell cell = g.cells().get(index);
        Sweep.requireMemory(loaded, t, cell, Sweep.availableMemory(), "The cell is recorded as failed on executor "
                + executor() + "; the sweep goes on");
        try (LanguageModel view = loaded.with(cell.method().method())) {
            long started = System.nanoTime();
            SweepTask.Result r = t.run(view, cell, Progress.NONE);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(index, new LinkedHashMap<>(r.values()), r.tokens(), seconds, null, attempt + 1,
                    executor());
        }
    }

    /** The task built on this executor, refused when it differs from the driver's (another text shipped). */
    SweepTask task(LanguageModel loaded) {
        SweepTask t = ExecutorModels.task(task);
        if (!t.definition().equals(taskDefinition)) {
            throw new IllegalStateException("the task built on executor " + executor() + " differs from the driver's:\n  "
                    + t.definition() + "\nthe driver's:\n  " + taskDefinition);
        }
        return t;
    }

    /** Checks the grid on the executor's model ({@link SweepTask#check}) before any cell runs; "" when it fits. */
    static final class Check implements Function<Integer, Checked> {
        private static final long serialVersionUID = 1L;
        private final SweepCell cell;
        private final String modelName;
        private final Long available;

        /** {@code available}: the bytes the executor is taken to have (tests), or null to measure them there. */
        Check(SweepCell cell, String modelName, Long available) {
            this.cell = cell;
            this.modelName = modelName;
            this.available = available;
        }

        @Override
        public Checked call(Integer ignored) throws Exception {
            Path local = cell.model.local();
            LoadOptions options = cell.model.options();
            int longest = cell.grid.lengths().stream().max(Integer::compare).orElse(0);
            ExecutorMemory.Available free = available == null ? ExecutorMemory.measure()
                    : new ExecutorMemory.Available(available, "as set for this sweep");
            ExecutorMemory.Shortfall shortfall = ExecutorMemory.shortfall(modelName, local, options, longest,
                    ExecutorModels.holds(local, options), free, executor());
            if (shortfall != null) {
                return new Checked(shortfall.message(), shortfall.needed(), shortfall.available());
            }
            return ExecutorModels.with(local, options, m -> {
                SweepTask t = cell.task(m);
                try {
                    t.check(m, cell.grid.toGrid(m.config().contextLength()));
                    return new Checked("", 0, 0);
                } catch (IllegalArgumentException e) {
                    return new Checked(e.getMessage(), 0, 0);
                }
            });
        }
    }

    /**
     * What the check task found: {@code problem} is empty when the grid fits; {@code needed} &gt; 0 when the model does
     * not fit the executor's memory ({@code available}).
     */
    record Checked(String problem, long needed, long available) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    static String executor() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }
}

package org.lmlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.progress.Progress;
import org.lmlab.training.study.PeStudy;
import org.lmlab.training.study.StudyConfig;

/**
 * One Spark task of a positional-encoding study: trains run {@code index} of the study and tests it at every size with
 * {@link PeStudy#trainAndTest}, the code a local study runs per run, on the task's thread with the study's intra-op
 * thread count (the count fixes the run's values). A run that throws is handed back to Spark to retry, except on its
 * last attempt ({@code spark.task.maxFailures}), where the error comes back as the result: the study records the run
 * as failed and goes on.
 */
class StudyRun implements Function<Integer, StudyRun.Result> {

    private static final long serialVersionUID = 1L;

    /** One row of a run: its results-file cell, key and values. */
    record Row(int cell, String key, LinkedHashMap<String, Object> values) implements Serializable {
        private static final long serialVersionUID = 1L;

        ResultsFile.Row toRow() {
            return new ResultsFile.Row(cell, key, values);
        }
    }

    /**
     * A run's outcome: its rows (every size) and divergence message (null when it completed), or the error of its last
     * attempt.
     *
     * @param attempts Spark's attempts at it (1 when the first succeeded)
     * @param executor the executor that ran the last attempt
     */
    record Result(int run, ArrayList<Row> rows, String diverged, String error, int attempts, String executor)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    final StudyConfig config;
    private final int maxFailures;

    StudyRun(StudyConfig config, int maxFailures) {
        this.config = config;
        this.maxFailures = maxFailures;
    }

    @Override
    public Result call(Integer index) throws Exception {
        return LastAttempt.call(maxFailures, attempt -> train(index, attempt),
                (error, attempts, executor) -> new Result(index, null, null, error, attempts, executor));
    }

    /** Trains and tests run {@code index} (a test subclass may fail it). */
    Result train(int index, int attempt) {
        PeStudy.Run run = PeStudy.of(config).runs().get(index);
        // Not restored: Spark's task threads do only this module's work, as a local study's pool threads do.
        DjlRuntime.prepareWorkerThread(config.threads());
        ArrayList<Row> rows = new ArrayList<>();
        String diverged = PeStudy.trainAndTest(config, run, PeStudy.suite(config, run.task()), cell -> false,
                Progress.NONE, r -> rows.add(new Row(r.cell(), r.key(), new LinkedHashMap<>(r.values()))));
        return new Result(index, rows, diverged, null, attempt + 1, SweepCell.executor());
    }
}

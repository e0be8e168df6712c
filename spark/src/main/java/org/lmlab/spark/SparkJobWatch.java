package org.lmlab.spark;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;

/**
 * Runs one Spark action under its own job group and waits for it: Spark's task counts feed a {@link Progress}
 * (one unit per finished task), a {@link Cancellation} request cancels the group's jobs, and a failed job (after
 * Spark's task retries) becomes an {@link IllegalStateException} with Spark's reason.
 */
final class SparkJobWatch {

    private static final long POLL_MILLIS = 200;

    private SparkJobWatch() {
    }

    /**
     * Submits {@code action} (which must start an asynchronous action, e.g. {@code rdd.collectAsync()}) and returns its
     * result.
     *
     * @param what names the work in error messages
     */
    static <T> T await(JavaSparkContext context, String what, Progress progress, Supplier<JavaFutureAction<T>> action) {
        String group = "lmlab-" + UUID.randomUUID();
        context.setJobGroup(group, what, true);
        JavaFutureAction<T> future;
        try {
            future = action.get();
        } finally {
            context.clearJobGroup();
        }
        long reported = 0;
        try {
            while (true) {
                try {
                    T result = future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    // The tracker's finished counts lag the job's end (Spark's listener bus is asynchronous): a
                    // finished job has finished every task its stages were submitted with.
                    long all = submittedTasks(context.statusTracker(), group);
                    if (all > reported) {
                        progress.step(all - reported);
                    }
                    return result;
                } catch (TimeoutException e) {
                    long done = finishedTasks(context.statusTracker(), group);
                    if (done > reported) {
                        progress.step(done - reported);
                        reported = done;
                    }
                    if (Cancellation.requested()) {
                        context.cancelJobGroup(group);
                        throw new Cancellation.CancelledException();
                    }
                }
            }
        } catch (InterruptedException e) {
            context.cancelJobGroup(group);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            if (Cancellation.requested()) { // in local mode the tasks share the request and may fail on it first
                throw new Cancellation.CancelledException();
            }
            throw new IllegalStateException(what + " failed on Spark: " + firstMessage(e.getCause()), e.getCause());
        }
    }

    /** Tasks finished so far in the group's jobs (Spark reports them per stage). */
    private static long finishedTasks(JavaSparkStatusTracker tracker, String group) {
        return perStage(tracker, group, SparkStageInfo::numCompletedTasks);
    }

    /** Tasks the group's jobs were submitted with: every one has finished once the jobs have. */
    private static long submittedTasks(JavaSparkStatusTracker tracker, String group) {
        return perStage(tracker, group, SparkStageInfo::numTasks);
    }

    /** {@code count} summed over the stages of the group's jobs. */
    private static long perStage(JavaSparkStatusTracker tracker, String group, ToIntFunction<SparkStageInfo> count) {
        long done = 0;
        for (int job : tracker.getJobIdsForGroup(group)) {
            SparkJobInfo info = tracker.getJobInfo(job);
            if (info == null) {
                continue;
            }
            for (int stage : info.stageIds()) {
                SparkStageInfo s = tracker.getStageInfo(stage);
                if (s != null) {
                    done += count.applyAsInt(s);
                }
            }
        }
        return done;
    }

    private static String firstMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return String.valueOf(t);
    }
}

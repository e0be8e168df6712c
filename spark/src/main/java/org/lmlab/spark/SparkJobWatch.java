package org.lmlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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

    /**
     * One of {@link #awaitEach}'s actions, finished.
     *
     * @param index   its place in the list of actions
     * @param result  its result, null when it failed
     * @param failure Spark's reason when it failed (after Spark's retries), else null
     */
    record Finished<T>(int index, T result, String failure) {}

    /**
     * Submits every action at once under one job group and hands each to {@code onFinished} as it finishes (in the
     * order they finish); a failed action does not stop the others. Progress counts finished tasks (Spark's counts,
     * or the finished actions where Spark has forgotten old jobs). On a {@link Cancellation} request the group's
     * jobs are cancelled, actions already finished are still handed over, and {@link Cancellation.CancelledException}
     * is thrown.
     */
    static <T> void awaitEach(JavaSparkContext context, String what, Progress progress,
            List<Supplier<JavaFutureAction<T>>> actions, Consumer<Finished<T>> onFinished) {
        String group = "lmlab-" + UUID.randomUUID();
        context.setJobGroup(group, what, true);
        List<JavaFutureAction<T>> futures = new ArrayList<>(actions.size());
        try {
            actions.forEach(a -> futures.add(a.get()));
        } catch (RuntimeException e) {
            context.cancelJobGroup(group);
            throw e;
        } finally {
            context.clearJobGroup();
        }
        boolean[] handed = new boolean[futures.size()];
        int finished = 0;
        long reported = 0;
        try {
            while (finished < futures.size()) {
                boolean cancel = Cancellation.requested();
                if (cancel) {
                    context.cancelJobGroup(group);
                }
                for (int i = 0; i < futures.size(); i++) {
                    JavaFutureAction<T> f = futures.get(i);
                    if (handed[i] || !f.isDone()) {
                        continue;
                    }
                    handed[i] = true;
                    finished++;
                    Finished<T> done;
                    try {
                        done = new Finished<>(i, f.get(), null);
                    } catch (ExecutionException e) {
                        if (cancel) {
                            continue;
                        }
                        done = new Finished<>(i, null, firstMessage(e.getCause()));
                    } catch (java.util.concurrent.CancellationException e) {
                        continue;
                    }
                    onFinished.accept(done);
                }
                if (cancel) {
                    throw new Cancellation.CancelledException();
                }
                long done = Math.max(finishedTasks(context.statusTracker(), group), finished);
                if (done > reported) {
                    progress.step(done - reported);
                    reported = done;
                }
                if (finished < futures.size()) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            context.cancelJobGroup(group);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (RuntimeException e) {
            context.cancelJobGroup(group);
            throw e;
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

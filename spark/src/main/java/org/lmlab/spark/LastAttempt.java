package org.lmlab.spark;

import org.apache.spark.TaskContext;

/**
 * How a task of lmlab's grids treats an error: thrown back to Spark, which retries the task, except on its last attempt
 * ({@code spark.task.maxFailures}), where it becomes the task's result, so the driver records the item (a sweep's cell,
 * a study's run) as failed and the job goes on. A cancelled job's interrupt is always thrown.
 */
final class LastAttempt {

    /** The task's work, given Spark's attempt number (0 for the first). */
    interface Work<T> {
        T run(int attempt) throws Exception;
    }

    /** The result that reports the last attempt's error ({@code class: message}) and where it ran. */
    interface Failure<T> {
        T of(String error, int attempts, String executor);
    }

    private LastAttempt() {
    }

    static <T> T call(int maxFailures, Work<T> work, Failure<T> failure) throws Exception {
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        try {
            return work.run(attempt);
        } catch (InterruptedException e) {
            throw e; // a cancelled job: not a failed item
        } catch (Exception | Error e) {
            if (Thread.currentThread().isInterrupted() || attempt + 1 < maxFailures) {
                throw e; // cancelled, or Spark retries it
            }
            return failure.of(e.getClass().getName() + ": " + e.getMessage(), attempt + 1, SweepCell.executor());
        }
    }
}

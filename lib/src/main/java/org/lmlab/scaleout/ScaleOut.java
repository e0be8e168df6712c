package org.lmlab.scaleout;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/**
 * An engine that runs lmlab's work on a cluster (Spark, in the {@code spark} module), found with
 * {@link java.util.ServiceLoader}. An engine has at most one {@link Session} per JVM (Spark: one context per JVM).
 */
public interface ScaleOut {

    /** The engine's name as magics spell it ({@code spark}). */
    String name();

    /**
     * A session on {@code master} with the extra settings {@code conf}; attaches to the running session when it is
     * for the same master.
     *
     * @throws IllegalArgumentException when {@code master} is no master URL of this engine
     * @throws IllegalStateException    when the master does not answer, gives no executor within {@code timeout}, or
     *                                  another master's session is running
     */
    Session connect(String master, Map<String, String> conf, Duration timeout);

    /** The running session, also one started from plain Java; empty when none runs. */
    Optional<Session> session();

    /** A running session. Work methods block until the cluster's result is back, and report to {@code progress}. */
    interface Session {

        String master();

        /** One line: master, application, executors, parallelism and the UI's address. */
        String status();

        /** The engine's web UI, empty when it is disabled. */
        Optional<String> uiUrl();

        /** Ends the session; a later {@link ScaleOut#connect} starts a new one. */
        void stop();

        /**
         * The scaling-law bootstrap of {@code full} on the cluster: the same {@link BootstrapResult} the local
         * {@code Bootstrap} gives for the same options (its seed fixes every resample), except its elapsed time.
         *
         * @param fitter builds, on each executor, the fitter that fitted {@code full}
         */
        BootstrapResult bootstrap(LawFitterFactory fitter, ScalingData data, LawFit full, BootstrapOptions options,
                                  Progress progress);

        /**
         * A length-extrapolation sweep on the cluster, one grid cell per task: the model file and the task's files
         * shipped, the model loaded once per executor, only the cells the results file lacks submitted, each row
         * appended as its cell finishes; the table equals a local {@code Sweep}'s (measured times aside). A cell that
         * fails every attempt is listed in {@link SweepOutcome#failed()} and the sweep goes on.
         *
         * @param allocator holds the returned table
         */
        SweepOutcome sweep(SweepRequest request, Progress progress, BufferAllocator allocator);

        /**
         * A positional-encoding study on the cluster, one training run per task: only the runs whose rows the
         * results file lacks submitted, each run's rows appended as it finishes; the table equals a local
         * {@code PeStudy}'s (train_seconds aside). A run that fails every attempt is listed in
         * {@link StudyOutcome#failed()} and the study goes on.
         *
         * @param progress counts runs
         * @param allocator holds the returned table
         */
        StudyOutcome peStudy(StudyRequest request, Progress progress, BufferAllocator allocator);
    }
}

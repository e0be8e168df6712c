package org.lmlab.spark;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.sql.SparkSession;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.LawFitterFactory;
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaleout.StudyOutcome;
import org.lmlab.scaleout.StudyRequest;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.scaleout.SweepRequest;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/**
 * Spark as lmlab's {@link ScaleOut} service (registered in META-INF/services), so the kernel and its magics use
 * {@link SparkRunner}, {@link SparkBootstrap}, {@link SparkSweep} and {@link SparkPeStudy} without compiling against Spark.
 *
 * <p>In the kernel this module's jars are added to the session's class loader, not the JVM's: Spark's executor
 * threads and task (de)serializers fall back to the thread's context class loader, which there is the JVM's and
 * sees none of these classes. Every call into Spark therefore runs with this class's loader as context loader.
 */
public final class SparkScaleOut implements ScaleOut {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Session connect(String master, Map<String, String> conf, Duration timeout) {
        return new SparkSessionHandle(withOurLoader(() -> SparkRunner.connect(master,
                LmlabJars.shipping(master, conf, LmlabJars.distribution()), timeout)));
    }

    @Override
    public Optional<Session> session() {
        SparkSession active = SparkSession.getDefaultSession().getOrElse(() -> null);
        if (active == null || active.sparkContext().isStopped()) {
            return Optional.empty();
        }
        // Not through connect: a status must not probe (or wait for) a master that may have gone away.
        return Optional.of(new SparkSessionHandle(SparkRunner.of(active)));
    }

    /** Runs {@code work} with this module's class loader as the thread's context loader (see the class comment). */
    static <T> T withOurLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SparkScaleOut.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A {@link SparkRunner} seen as a {@link ScaleOut.Session}. */
    private record SparkSessionHandle(SparkRunner runner) implements Session {

        @Override
        public String master() {
            return runner.master();
        }

        @Override
        public String status() {
            return runner.status().toString();
        }

        @Override
        public Optional<String> uiUrl() {
            return runner.uiUrl();
        }

        @Override
        public void stop() {
            withOurLoader(() -> {
                runner.stop();
                return null;
            });
        }

        @Override
        public BootstrapResult bootstrap(LawFitterFactory fitter, ScalingData data, LawFit full,
                                         BootstrapOptions options, Progress progress) {
            FitterFactory factory = fitter::create;
            return withOurLoader(() -> new SparkBootstrap(runner, factory).run(data, full, options, progress));
        }

        @Override
        public SweepOutcome sweep(SweepRequest request, Progress progress, BufferAllocator allocator) {
            return withOurLoader(() -> SparkSweep.of(runner, request).progress(progress).run(allocator));
        }

        @Override
        public StudyOutcome peStudy(StudyRequest request, Progress progress, BufferAllocator allocator) {
            return withOurLoader(() -> SparkPeStudy.of(runner, request).progress(progress).run(allocator));
        }
    }
}

package org.lmlab.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session for lmlab's work: started (or attached to, when this JVM already runs one for the same master)
 * for a master URL such as {@code local[*]}, {@code local[2]} or {@code spark://host:7077}, with lmlab's settings
 * (application name, the UI address kept readable), and stopped on {@link #close()}.
 *
 * <p>A standalone master that does not answer is refused before Spark is asked: Spark itself would retry its
 * registration for about a minute and then stop the context from another thread, leaving the caller waiting. Session
 * creation as a whole is bounded by the timeout given.
 */
public final class SparkRunner implements AutoCloseable {

    /** The application name executors and the Spark UI show. */
    public static final String APP_NAME = "lmlab";

    /** How long a master URL's host:port may take to accept a connection, and creation to finish, by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N, retries]}, {@code local-cluster[...]}. */
    private static final Pattern LOCAL = Pattern.compile("local(\\[[^\\]]+])?|local-cluster\\[[^\\]]+]");

    private final String master;
    private final SparkSession session;

    private SparkRunner(String master, SparkSession session) {
        this.master = master;
        this.session = session;
    }

    /** The runner of a session already running in this JVM (no probe, no settings: it is not started again). */
    static SparkRunner of(SparkSession running) {
        return new SparkRunner(running.sparkContext().master(), running);
    }

    /** What a session runs on, as {@code %spark status} would show it. */
    public record Status(String master, String applicationId, Optional<String> uiUrl, int defaultParallelism,
                         int executors, boolean stopped) {

        @Override
        public String toString() {
            return "Spark " + master + ", application " + applicationId + ", " + executors + " executor(s), parallelism "
                    + defaultParallelism + ", UI " + uiUrl.orElse("disabled") + (stopped ? " (stopped)" : "");
        }
    }

    /** The native thread settings that executors take over from the driver (see {@link #threadEnvironment}). */
    static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS");

    /**
     * {@code spark.executorEnv.X} for each of the driver's {@link #THREAD_VARIABLES} that is set: PyTorch and MKL read
     * them when they load, and they choose how a product's sums are split, so an executor without them computes a
     * training run's losses in another order than the driver's local run (last digits differ). A worker does not pass
     * its own environment on to the executors it starts; a {@code --conf spark.executorEnv.X} given by the user wins.
     */
    static Map<String, String> threadEnvironment(Map<String, String> driverEnvironment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : THREAD_VARIABLES) {
            String value = driverEnvironment.get(name);
            if (value != null && !value.isBlank()) {
                env.put("spark.executorEnv." + name, value);
            }
        }
        return env;
    }

    /** A session for {@code master} with Spark's defaults plus lmlab's, bounded by {@link #DEFAULT_TIMEOUT}. */
    public static SparkRunner connect(String master) {
        return connect(master, Map.of(), DEFAULT_TIMEOUT);
    }

    /**
     * A session for {@code master} with the extra settings {@code conf} ({@code spark.*} keys, as {@code --conf k=v}).
     *
     * @throws IllegalArgumentException when the URL is not a Spark master URL
     * @throws IllegalStateException    when the master does not answer, creation takes longer than {@code timeout},
     *                                  or this JVM already runs a session for another master
     */
    public static SparkRunner connect(String master, Map<String, String> conf, Duration timeout) {
        requireMasterUrl(master);
        probe(master);
        // The active session is per thread; the default one is the JVM's (a kernel cell may run on another thread).
        SparkSession active = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession()
                .getOrElse(() -> null));
        if (active != null && !active.sparkContext().isStopped()) {
            String running = active.sparkContext().master();
            if (!running.equals(master)) {
                throw new IllegalStateException("a Spark session for " + running + " is already running in this JVM;"
                        + " stop it first (SparkRunner.stop()) before connecting to " + master);
            }
            return new SparkRunner(master, active);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.app.name", APP_NAME);
        settings.putAll(threadEnvironment(System.getenv()));
        settings.putAll(conf);
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lmlab-spark-connect");
            t.setDaemon(true);
            return t;
        });
        Future<SparkSession> created = starter.submit(() -> {
            SparkSession.Builder builder = SparkSession.builder().master(master);
            settings.forEach(builder::config);
            return builder.getOrCreate();
        });
        starter.shutdown();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            SparkSession session = created.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (session.sparkContext().isStopped()) {
                throw new IllegalStateException("the Spark master " + master + " did not accept the application (its"
                        + " context stopped while registering); check the master's log and its workers' resources");
            }
            SparkRunner runner = new SparkRunner(master, session);
            runner.awaitFirstExecutor(deadline);
            return runner;
        } catch (TimeoutException e) {
            created.cancel(true);
            throw new IllegalStateException("no Spark session for " + master + " within " + timeout.toSeconds()
                    + " s: the master did not register the application; check that it runs and that this machine's"
                    + " address (spark.driver.host) is reachable from it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + master, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start a Spark session for " + master + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * On a standalone master without dynamic allocation, waits until an executor has registered: a master whose
     * workers lack the memory or cores asked for accepts the application and then gives it nothing, and every job
     * would wait forever. Past {@code deadline} the session is stopped and the error names what was asked for.
     */
    private void awaitFirstExecutor(long deadline) throws InterruptedException {
        SparkContext sc = session.sparkContext();
        if (!master.startsWith("spark://") || sc.conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            return;
        }
        while (status().executors() < 1) {
            if (System.nanoTime() > deadline) {
                String memory = sc.conf().get("spark.executor.memory", "1g");
                String cores = sc.conf().get("spark.executor.cores", "all of a worker's");
                stop();
                throw new IllegalStateException("the Spark master " + master + " accepted the application but started no"
                        + " executor in time: no worker offers the memory (spark.executor.memory=" + memory + ") and cores"
                        + " (spark.executor.cores=" + cores + ") asked for; ask for less or add workers (the master's UI"
                        + " lists its workers' free memory and cores)");
            }
            Thread.sleep(100);
        }
    }

    /** Whether {@code master} runs everything in this JVM ({@code local}, {@code local[N]}, …): no jars to ship. */
    public static boolean isLocal(String master) {
        return master != null && master.startsWith("local") && LOCAL.matcher(master).matches()
                && !master.startsWith("local-cluster");
    }

    /** Refuses what is not a master URL Spark accepts, before Spark is asked (its own message names no remedy). */
    static void requireMasterUrl(String master) {
        if (master == null || !(LOCAL.matcher(master).matches() || master.startsWith("spark://") || master.equals("yarn")
                || master.startsWith("k8s://"))) {
            throw new IllegalArgumentException("not a Spark master URL: '" + master + "'; use local[*], local[N],"
                    + " spark://host:port (a standalone master), yarn or k8s://https://host:port");
        }
    }

    /**
     * Checks that every host:port of a standalone master URL ({@code spark://h1:p1,h2:p2} lists several) accepts a
     * connection within {@link #PROBE_TIMEOUT}; fine when any does (Spark then finds the leader).
     */
    static void probe(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("Spark master URL " + master + " lacks a host or port in '" + hostPort
                        + "'; write spark://host:port (the standalone master listens on 7077 by default)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) PROBE_TIMEOUT.toMillis());
                return;
            } catch (IOException e) {
                failures.add(hostPort + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("the Spark master " + master + " is unreachable (" + String.join("; ", failures)
                + "); start it (sbin/start-master.sh) or check the URL");
    }

    public String master() {
        return master;
    }

    public SparkSession session() {
        return session;
    }

    /** The Java view of the session's context, for RDD work. */
    public JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    /** The Spark UI's address, empty when the UI is disabled ({@code spark.ui.enabled=false}). */
    public Optional<String> uiUrl() {
        SparkContext sc = session.sparkContext();
        return sc.uiWebUrl().isDefined() ? Optional.of(sc.uiWebUrl().get()) : Optional.empty();
    }

    public Status status() {
        SparkContext sc = session.sparkContext();
        boolean stopped = sc.isStopped();
        // The status tracker lists the driver too; executors are the others (local mode runs one, the driver).
        int infos = stopped ? 0 : sc.statusTracker().getExecutorInfos().length;
        int executors = LOCAL.matcher(master).matches() ? infos : Math.max(0, infos - 1);
        return new Status(master, sc.applicationId(), uiUrl(), stopped ? 0 : sc.defaultParallelism(), executors, stopped);
    }

    /** Stops the session and its context; a later {@link #connect} starts a new one. */
    public void stop() {
        session.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    @Override
    public void close() {
        stop();
    }
}

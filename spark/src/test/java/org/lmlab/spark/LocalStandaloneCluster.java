package org.lmlab.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine, from Spark's own classes: one {@code deploy.master.Master} and
 * {@code workers} {@code deploy.worker.Worker}s, each a separate java process on this JVM's class path (the module's
 * test class path), bound to 127.0.0.1. The workers' executors get the same class path through
 * {@code spark.executor.extraClassPath} ({@link #executorClassPath()}).
 */
final class LocalStandaloneCluster implements AutoCloseable {

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;
    private final String classPath;

    private LocalStandaloneCluster(Path dir, int masterPort, String classPath) {
        this.dir = dir;
        this.masterPort = masterPort;
        this.classPath = classPath;
    }

    /**
     * Starts a master and {@code workers} workers of {@code coresEach} cores and {@code memoryEach} (e.g. "768m") and
     * returns once the master accepts connections; {@code dir} receives the logs, work dirs and an empty Spark home.
     */
    static LocalStandaloneCluster start(Path dir, int workers, int coresEach, String memoryEach) throws IOException {
        Files.createDirectories(dir.resolve("spark-home/jars"));
        return start(new LocalStandaloneCluster(dir, freePort(), executorClassPath()), workers, coresEach, memoryEach);
    }

    /**
     * As {@link #start(Path, int, int, String)}, but as a cluster of a Spark distribution: {@code sparkJars} (linked
     * into the Spark home's {@code jars/}) are the master's, the workers' and the executors' whole class path, so
     * executors see lmlab's classes only when the application ships them.
     */
    static LocalStandaloneCluster startSparkOnly(Path dir, int workers, int coresEach, String memoryEach,
                                                 List<Path> sparkJars) throws IOException {
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (Path jar : sparkJars) {
            Path link = jars.resolve(jar.getFileName());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
        return start(new LocalStandaloneCluster(dir, freePort(), jars + File.separator + "*"), workers, coresEach,
                memoryEach);
    }

    private static LocalStandaloneCluster start(LocalStandaloneCluster cluster, int workers, int coresEach,
                                                String memoryEach) throws IOException {
        Path dir = cluster.dir;
        try {
            cluster.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(freePort()));
            cluster.awaitPort(cluster.masterPort, 60_000);
            for (int w = 0; w < workers; w++) {
                cluster.addWorker(coresEach, memoryEach);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Starts one more worker (named {@code worker}N, N counting every worker started, killed ones included) and returns
     * its name; the master gives a running application an executor there.
     */
    String addWorker(int cores, String memory) throws IOException {
        int w = processes.size() - 1;
        launch("worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                String.valueOf(cores), "--memory", memory, "--webui-port", String.valueOf(freePort()),
                "--work-dir", dir.resolve("work" + w).toString(), masterUrl());
        return "worker" + w;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The class path executors need: this JVM's (Spark, lmlab and the test classes). */
    static String executorClassPath() {
        return System.getProperty("java.class.path");
    }

    /** Worker {@code index}'s process (to kill it, for instance). */
    Process process(String name) {
        return processes.get(name.equals("master") ? 0 : 1 + Integer.parseInt(name.substring("worker".length())));
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("lmlab.spark.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-cp", classPath, mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        // The worker builds executor commands with Spark's launcher, which needs a Spark home (an empty one does:
        // the class path comes from spark.executor.extraClassPath, else its jars/) and the Scala version of its jars.
        builder.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(builder.start());
    }

    private void awaitPort(int port, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (!processes.get(0).isAlive()) {
                throw new IllegalStateException("the Spark master exited; see " + dir.resolve("master.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on " + port + " within " + millis + " ms");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the workers (which end their executors), then the master. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "standalone cluster " + masterUrl() + " (" + (processes.size() - 1) + " workers, logs in " + dir + File.separator + ")";
    }
}

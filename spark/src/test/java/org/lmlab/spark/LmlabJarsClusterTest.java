package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.NamedLaw;
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/**
 * {@link LmlabJars} on the built distribution ({@code kernel/target/dist}, from {@code mvn package}): which jars it
 * ships, and a standalone cluster whose master, worker and executor have only Spark's jars on their class path
 * running the bootstrap with the jars shipped through {@code spark.jars} (no {@code extraClassPath}).
 */
class LmlabJarsClusterTest {

    private static Path dist() {
        String configured = System.getProperty("lmlab.spark.dist");
        Path dist = configured == null ? null : Path.of(configured);
        assumeTrue(dist != null && Files.isRegularFile(dist.resolve(LmlabJars.LIB_LIST))
                && Files.isRegularFile(dist.resolve(LmlabJars.SPARK_JAR)),
                "needs the distribution built by mvn package -DskipTests (" + dist + ")");
        return dist;
    }

    /** Spark's jars as a cluster has them: the distribution's spark folder without lmlab's own jar. */
    private static List<Path> sparkJars(Path dist) throws IOException {
        try (Stream<Path> files = Files.list(dist)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(f -> !f.getFileName().toString().equals(LmlabJars.SPARK_JAR)).sorted().toList();
        }
    }

    private static Set<String> names(List<Path> jars) {
        return jars.stream().map(LmlabJars::artifact).collect(Collectors.toSet());
    }

    @Test
    void shipsLmlabLibAndTheLibrariesSparkLacksButNotTheKernelsOrSparksOwn() throws IOException {
        Path dist = dist();
        List<Path> ship = LmlabJars.forExecutors(dist);
        Set<String> shipped = names(ship);
        System.out.println(ship.size() + " jars shipped: " + shipped);
        ship.forEach(j -> assertTrue(j.isAbsolute() && Files.isRegularFile(j), j.toString()));
        // lmlab's classes and what lib's model code needs on an executor (DJL, PyTorch with its natives, tokenizers)
        for (String needed : List.of("lmlab-spark", "lmlab-lib", "api", "pytorch-engine", "pytorch-jni",
                "pytorch-native-cpu", "tokenizers")) {
            assertTrue(shipped.contains(needed), needed + " shipped");
        }
        // the kernel's own (Jupyter protocol, magics, its slf4j binding) stay home
        for (String kernelOnly : List.of("lmlab-kernel", "lmlab-magics", "jeromq", "slf4j-simple")) {
            assertFalse(shipped.contains(kernelOnly), kernelOnly + " not shipped");
        }
        Set<String> spark = names(sparkJars(dist));
        assertTrue(spark.contains("spark-core_2.13") && spark.contains("jackson-databind"), spark.toString());
        for (String name : shipped) {
            assertFalse(spark.contains(name), name + " is Spark's: the cluster has it");
        }
    }

    @Test
    void shipsOnlyToClustersAndKeepsTheUsersSettings() {
        Path dist = dist();
        Map<String, String> conf = Map.of("spark.executor.memory", "2g");
        assertSame(conf, LmlabJars.shipping("local[2]", conf, Optional.of(dist)));
        assertSame(conf, LmlabJars.shipping("local[*]", conf, Optional.of(dist)));
        assertSame(conf, LmlabJars.shipping("spark://h:7077", conf, Optional.empty()));
        Map<String, String> own = Map.of("spark.jars", "/opt/x.jar");
        assertSame(own, LmlabJars.shipping("spark://h:7077", own, Optional.of(dist)));
        Map<String, String> shared = Map.of("spark.executor.extraClassPath", "/opt/lmlab/lib/*");
        assertSame(shared, LmlabJars.shipping("yarn", shared, Optional.of(dist)));
        for (String master : List.of("spark://h:7077", "yarn", "k8s://https://h:6443")) {
            Map<String, String> shipped = LmlabJars.shipping(master, conf, Optional.of(dist));
            assertEquals("2g", shipped.get("spark.executor.memory"));
            assertEquals(LmlabJars.forExecutors(dist), Arrays.stream(shipped.get("spark.jars").split(","))
                    .map(Path::of).toList(), master);
        }
    }

    @Test
    void aClusterWithOnlySparksJarsRunsTheBootstrapOnTheShippedJars() throws Exception {
        Path dist = dist();
        List<Path> spark = sparkJars(dist);
        for (Path jar : spark) {
            try (JarFile f = new JarFile(jar.toFile())) {
                assertTrue(f.stream().noneMatch(e -> e.getName().startsWith("org/lmlab/")), jar + " holds lmlab classes");
            }
        }
        Path dir = Path.of(System.getProperty("lmlab.spark.testdir", "target/spark-cluster"), "jars-shipped");
        BootstrapOptions options = BootstrapOptions.defaults().withReplicates(16).withSeed(5).withThreads(2);
        NamedLaw law = NamedLaw.of("kaplan-c", null);
        LawFit full = law.create().fit(SparkScaleOutTest.DATA);
        BootstrapResult local = new Bootstrap(law.create()).run(SparkScaleOutTest.DATA, full, options, Progress.NONE);
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.startSparkOnly(dir, 1, 1, "1g", spark)) {
            String master = cluster.masterUrl();
            Map<String, String> conf = LmlabJars.shipping(master, Map.of("spark.driver.host", "127.0.0.1",
                    "spark.executor.memory", "768m"), Optional.of(dist));
            long t0 = System.nanoTime();
            try (SparkRunner runner = SparkRunner.connect(master, conf, Duration.ofSeconds(120))) {
                // the service attaches to the running session, as %spark connect's later calls do
                ScaleOut.Session session = new SparkScaleOut().connect(master, Map.of(), Duration.ofSeconds(30));
                BootstrapResult onCluster = session.bootstrap(law, SparkScaleOutTest.DATA, full, options,
                        Progress.NONE);
                System.out.printf("%s: bootstrap with shipped jars in %.1f s (connect included)%n", cluster,
                        (System.nanoTime() - t0) / 1e9);
                for (int r = 0; r < options.replicates(); r++) {
                    assertArrayEquals(local.values()[r], onCluster.values()[r], "replicate " + r);
                }
                assertEquals(local.intervals(), onCluster.intervals());
            }
        }
    }
}

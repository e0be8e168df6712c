package org.lmlab.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars a cluster's executors need to run lmlab's tasks, from a kernel distribution ({@code dist/spark} and its
 * sibling {@code dist/lib}): {@code lmlab-spark.jar}, {@code lmlab-lib} and the libraries only lmlab-lib brings
 * (DJL and PyTorch included: sweep executors load models). Libraries Spark itself needs are left out, since every
 * executor of a Spark cluster has Spark's jars. The build lists lmlab-lib's own libraries in
 * {@code dist/spark/lmlab-lib-runtime.txt} (Maven's dependency list of the spark module, scope provided).
 *
 * <p>{@link #shipping} puts them in {@code spark.jars} for a cluster master, so that Spark's file server hands them
 * to executors: no shared file system or pre-installed lmlab needed.
 */
public final class LmlabJars {

    /** The build's list of lmlab-lib's runtime artifacts, in {@code dist/spark}. */
    public static final String LIB_LIST = "lmlab-lib-runtime.txt";

    /** This module's jar in {@code dist/spark}. */
    public static final String SPARK_JAR = "lmlab-spark.jar";

    /** {@code name-1.2.3.jar}, {@code name-1.2.3-classifier.jar}: the artifact's name is before the version. */
    private static final Pattern VERSIONED = Pattern.compile("(.+?)-\\d[^/]*\\.jar");

    private LmlabJars() {
    }

    /**
     * {@code conf} plus {@code spark.jars} = {@link #forExecutors} of {@code sparkFolder} when {@code master} is a
     * cluster (not {@code local…}: one JVM, whose loader has lmlab already) and the user set neither
     * {@code spark.jars} nor {@code spark.executor.extraClassPath} (theirs is kept as given). An empty
     * {@code sparkFolder} (no distribution, e.g. lmlab on a class path of directories) leaves {@code conf} as is.
     */
    public static Map<String, String> shipping(String master, Map<String, String> conf, Optional<Path> sparkFolder) {
        if (SparkRunner.isLocal(master) || conf.containsKey("spark.jars")
                || conf.containsKey("spark.executor.extraClassPath") || sparkFolder.isEmpty()) {
            return conf;
        }
        Map<String, String> withJars = new LinkedHashMap<>(conf);
        withJars.put("spark.jars", forExecutors(sparkFolder.get()).stream().map(Path::toString)
                .collect(Collectors.joining(",")));
        return withJars;
    }

    /**
     * The jars executors need, absolute: {@code sparkFolder/lmlab-spark.jar} and the jars of {@code sparkFolder}'s
     * sibling {@code lib/} that {@link #LIB_LIST} names, less those whose artifact {@code sparkFolder} holds too
     * (Spark's).
     *
     * @throws IllegalStateException when the folder lacks lmlab-spark.jar or the list, or lib/ lacks a listed jar
     */
    public static List<Path> forExecutors(Path sparkFolder) {
        Path folder = sparkFolder.toAbsolutePath().normalize();
        Path lib = folder.resolveSibling("lib");
        Path list = folder.resolve(LIB_LIST);
        if (!Files.isRegularFile(folder.resolve(SPARK_JAR)) || !Files.isRegularFile(list)) {
            throw new IllegalStateException("cannot ship lmlab's jars to the executors: " + folder + " lacks " + SPARK_JAR
                    + " or " + LIB_LIST + " (built by mvn package); rebuild, or give spark.jars or"
                    + " spark.executor.extraClassPath yourself");
        }
        Set<String> sparks = jars(folder).stream().map(LmlabJars::artifact).collect(Collectors.toSet());
        List<Path> libJars = jars(lib);
        List<Path> ship = new ArrayList<>();
        ship.add(folder.resolve(SPARK_JAR));
        for (String[] artifact : listed(list)) {
            String name = artifact[0];
            if (sparks.contains(name)) {
                continue;
            }
            Path exact = lib.resolve(artifact[1]);
            // The kernel's dependency tree may have mediated another version of the same artifact: take that one.
            Path jar = Files.isRegularFile(exact) ? exact : libJars.stream().filter(j -> artifact(j).equals(name))
                    .findFirst().orElseThrow(() -> new IllegalStateException("cannot ship lmlab's jars to the"
                            + " executors: " + lib + " has no " + artifact[1] + " (listed in " + list + "); rebuild"
                            + " with mvn package, or give spark.jars or spark.executor.extraClassPath yourself"));
            ship.add(jar);
        }
        return ship;
    }

    /**
     * The {@code dist/spark} folder this class was loaded from ({@code lmlab-spark.jar}'s), when it is a
     * distribution's (has {@link #LIB_LIST}); empty for a class directory such as {@code target/classes}.
     */
    public static Optional<Path> distribution() {
        try {
            Path self = Path.of(LmlabJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path folder = self.getParent();
            return Files.isRegularFile(self) && folder != null && Files.isRegularFile(folder.resolve(LIB_LIST))
                    ? Optional.of(folder) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** The artifact name of a jar file ({@code spark-core_2.13-4.2.0.jar}: {@code spark-core_2.13}). */
    static String artifact(Path jar) {
        String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
        Matcher m = VERSIONED.matcher(name);
        return m.matches() ? m.group(1) : name.replaceFirst("\\.jar$", "");
    }

    private static List<Path> jars(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot ship lmlab's jars to the executors: cannot list " + folder + " ("
                    + e.getMessage() + "); rebuild with mvn package, or give spark.jars or"
                    + " spark.executor.extraClassPath yourself", e);
        }
    }

    /**
     * {@code {artifactId, file name}} of each jar in Maven's dependency list ({@code group:artifact:jar:version:scope}
     * or {@code group:artifact:jar:classifier:version:scope}, possibly followed by {@code -- module name}).
     */
    static List<String[]> listed(Path list) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list, e);
        }
        List<String[]> artifacts = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.replaceFirst("\\s+--.*$", "").trim().split(":");
            if (parts.length < 5 || !parts[2].equals("jar")) {
                continue;
            }
            boolean classified = parts.length >= 6;
            String version = classified ? parts[4] : parts[3];
            String file = parts[1] + "-" + version + (classified ? "-" + parts[3] : "") + ".jar";
            artifacts.add(new String[] {parts[1], file});
        }
        return artifacts;
    }
}

package org.lmlab.magics.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.scaleout.ScaleOut;

/**
 * Finds the Spark engine ({@link ScaleOut} named {@code spark}, in the {@code spark} module) for a session. Its jars
 * live in the kernel distribution's {@code dist/spark} folder, off the kernel's class path: {@link #load} adds them
 * to the session's class path, the loader cells use, so that a cell's {@code org.lmlab.spark.SparkRunner} and the
 * magics share one copy of Spark's classes (Spark allows one context per JVM).
 */
public final class SparkService {

    /** The engine's name ({@link ScaleOut#name()}). */
    static final String ENGINE = "spark";

    /** Overrides where the jars are looked for (a folder of jars). */
    static final String JARS_PROPERTY = "lmlab.spark.jars";

    /** {@code name-1.2.3.jar}, {@code name-1.2.3-classifier.jar}: the artifact's name is before the version. */
    private static final Pattern VERSIONED = Pattern.compile("(.+?)-\\d[^/]*\\.jar");

    private SparkService() {
    }

    /** The engine when the session's loader already sees it (connected before, or its jars added by hand). */
    public static Optional<ScaleOut> loaded(MagicContext context) {
        return ServiceLoader.load(ScaleOut.class, context.classLoader()).stream().map(ServiceLoader.Provider::get)
                .filter(engine -> engine.name().equals(ENGINE)).findFirst();
    }

    /** The running Spark session, if the engine is loaded and a session runs (from a magic or from plain Java). */
    public static Optional<ScaleOut.Session> session(MagicContext context) {
        return loaded(context).flatMap(ScaleOut::session);
    }

    /** The engine, after adding the Spark jars to the session's class path when they are not there yet. */
    static ScaleOut load(MagicContext context) throws MagicFailure {
        Optional<ScaleOut> engine = loaded(context);
        if (engine.isPresent()) {
            return engine.get();
        }
        Path folder = jarsFolder();
        List<Path> jars = jarsToAdd(folder, context.classpath());
        context.addToClasspath(jars);
        return loaded(context).orElseThrow(() -> new MagicFailure("the jars in " + folder + " hold no Spark engine"
                + " (no org.lmlab.scaleout.ScaleOut service named spark); rebuild them: " + buildHint(), null));
    }

    /** The jars of {@code folder} whose artifact the session's class path does not already hold (kernel's win). */
    static List<Path> jarsToAdd(Path folder, List<Path> classpath) throws MagicFailure {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new MagicFailure("the Spark jars are not in this installation (" + folder + ": " + e.getMessage()
                    + "); build them: " + buildHint(), e);
        }
        if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("lmlab-spark"))) {
            throw new MagicFailure("no lmlab-spark jar in " + folder + "; build it: " + buildHint(), null);
        }
        Set<String> present = classpath.stream().map(SparkService::artifact).collect(Collectors.toSet());
        List<Path> add = new ArrayList<>();
        for (Path jar : jars) {
            if (!present.contains(artifact(jar))) {
                add.add(jar.toAbsolutePath().normalize());
            }
        }
        return add;
    }

    /** The artifact name of a jar file ({@code spark-core_2.13-4.2.0.jar}: {@code spark-core_2.13}). */
    static String artifact(Path jar) {
        String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
        Matcher m = VERSIONED.matcher(name);
        return m.matches() ? m.group(1) : name.replaceFirst("\\.jar$", "");
    }

    /**
     * {@code -Dlmlab.spark.jars=DIR}, else {@code spark/} beside the distribution's {@code lib/} (where lmlab-lib's
     * jar is), else a development build's {@code kernel/target/dist/spark} under {@code lmlab.root}.
     */
    static Path jarsFolder() {
        String configured = System.getProperty(JARS_PROPERTY);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            Path lib = Path.of(ScaleOut.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(lib) && lib.getParent() != null && lib.getParent().getParent() != null) {
                return lib.getParent().resolveSibling("spark");
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source to go by: fall through to the checkout's build
        }
        return Path.of(System.getProperty("lmlab.root", ".")).toAbsolutePath().normalize()
                .resolve("kernel/target/dist/spark");
    }

    private static String buildHint() {
        return "mvn -B -q package -DskipTests (in " + System.getProperty("lmlab.root", "the lmlab checkout")
                + "), or point -D" + JARS_PROPERTY + "=DIR at a folder with lmlab-spark and Spark's jars";
    }
}

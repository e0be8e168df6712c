package org.lmlab.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions of lmlab and the libraries that shape its numbers, read once per process: from the
 * jars' Maven metadata (pom.properties) or manifests, and lmlab's git commit when it runs from a
 * checkout.
 */
public final class Versions {

    private static volatile Versions current;

    private final String lmlab;
    private final String gitCommit;
    private final Map<String, String> libraries;

    private Versions(String lmlab, String gitCommit, Map<String, String> libraries) {
        this.lmlab = lmlab;
        this.gitCommit = gitCommit;
        this.libraries = Map.copyOf(libraries);
    }

    /** This process's versions (computed on first use; runs {@code git} once). */
    public static Versions current() {
        Versions known = current;
        if (known == null) {
            synchronized (Versions.class) {
                if (current == null) {
                    current = read();
                }
                known = current;
            }
        }
        return known;
    }

    /** lmlab's version ("0.1.0-SNAPSHOT"), or "unknown". */
    public String lmlab() {
        return lmlab;
    }

    /** The commit of the checkout lmlab runs from, or null when it does not run from one. */
    public String gitCommit() {
        return gitCommit;
    }

    /** Library name to version: java, djl, arrow, duckdb (those found). */
    public Map<String, String> libraries() {
        return libraries;
    }

    private static Versions read() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        put(libraries, "djl", maven("ai.djl", "api", "ai.djl.Model"));
        put(libraries, "arrow", maven("org.apache.arrow", "arrow-vector", "org.apache.arrow.vector.VectorSchemaRoot"));
        put(libraries, "duckdb", maven("org.duckdb", "duckdb_jdbc", "org.duckdb.DuckDBDriver"));
        String lmlab = maven("org.lmlab", "lmlab-lib", Versions.class.getName());
        return new Versions(lmlab == null ? "unknown" : lmlab, readGitCommit(), libraries);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** A jar's version from its pom.properties, else its manifest; null when neither says. */
    static String maven(String group, String artifact, String anchorClass) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall back to the manifest
        }
        try {
            Class<?> anchor = Class.forName(anchorClass, false, Versions.class.getClassLoader());
            String version = manifestVersion(anchor);
            if (version != null) {
                return version;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return Versions.class.getName().equals(anchorClass) ? fromBuildTree() : null;
    }

    /** The version the manifest of the jar holding {@code anchor} states (DuckDB's only as an OSGi Bundle-Version). */
    private static String manifestVersion(Class<?> anchor) {
        try {
            Path jar = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return null;
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                if (manifest == null) {
                    return null;
                }
                Attributes main = manifest.getMainAttributes();
                for (String key : new String[] {"Implementation-Version", "Bundle-Version", "Specification-Version"}) {
                    if (main.getValue(key) != null) {
                        return main.getValue(key);
                    }
                }
                return null;
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** In a build tree (classes not in a jar) lmlab's version is the one in lib/pom.xml's parent. */
    private static String fromBuildTree() {
        Path checkout = checkoutDirectory();
        if (checkout == null) {
            return null;
        }
        try {
            String pom = Files.readString(checkout.resolve("pom.xml"));
            Matcher m = Pattern.compile("<artifactId>lmlab-parent</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(pom);
            return m.find() ? m.group(1).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The directory holding lmlab's classes or jar, walked up to a folder with a .git entry; null if none. */
    static Path checkoutDirectory() {
        try {
            Path dir = Path.of(Versions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String readGitCommit() {
        Path checkout = checkoutDirectory();
        if (checkout == null) {
            return null;
        }
        try {
            Process git = new ProcessBuilder("git", "-C", checkout.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroy();
                return null;
            }
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

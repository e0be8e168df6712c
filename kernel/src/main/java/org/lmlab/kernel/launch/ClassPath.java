package org.lmlab.kernel.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path cells compile against: this process's own, with the {@code Class-Path} of
 * each jar's manifest expanded. A kernel started with {@code java -jar lmlab-kernel.jar} has
 * only that jar in {@code java.class.path}; the compiler inside JShell must see every jar the
 * manifest brings in.
 */
final class ClassPath {

    private ClassPath() {
    }

    static List<Path> ofThisProcess() {
        return expand(System.getProperty("java.class.path", ""));
    }

    static List<Path> expand(String classPath) {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return new ArrayList<>(entries);
    }

    private static void add(Path entry, Set<Path> entries) {
        if (!entries.add(entry) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        for (String reference : manifestClassPath(entry)) {
            // Class-Path entries are relative URLs (spaces as %20) resolved against the jar's folder.
            add(entry.resolveSibling(reference.replace("%20", " ")).normalize(), entries);
        }
    }

    private static List<String> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        } catch (IOException e) {
            // An unreadable jar adds nothing beyond itself; the JVM reports it if a class is missing.
            return List.of();
        }
    }
}

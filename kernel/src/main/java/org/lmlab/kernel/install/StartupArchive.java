package org.lmlab.kernel.install;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

/**
 * The class-data-sharing archive this kernel was started with, checked against the jars. The JVM
 * ignores an archive silently once a jar on the class path has changed (a rebuild); the only
 * sign would be a slower start, so the kernel says it in its log.
 */
public final class StartupArchive {

    private static final String FLAG = "-XX:SharedArchiveFile=";

    private StartupArchive() {
    }

    /** A line for the log when the archive is older than a jar it covers, else empty. */
    public static Optional<String> staleness(List<String> jvmArguments, List<Path> classPath) {
        Optional<Path> archive = jvmArguments.stream().filter(a -> a.startsWith(FLAG))
                .map(a -> Path.of(a.substring(FLAG.length()))).findFirst();
        if (archive.isEmpty() || !Files.isRegularFile(archive.get())) {
            return Optional.empty();
        }
        try {
            FileTime trained = Files.getLastModifiedTime(archive.get());
            for (Path jar : classPath) {
                if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).compareTo(trained) > 0) {
                    return Optional.of("the start-up archive " + archive.get() + " is older than " + jar.getFileName()
                            + ", so the JVM ignores it and the kernel starts slower; run `lmlab install` again");
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@link #staleness} for this process. */
    public static Optional<String> stalenessOfThisProcess(List<Path> classPath) {
        return staleness(ManagementFactory.getRuntimeMXBean().getInputArguments(), classPath);
    }
}

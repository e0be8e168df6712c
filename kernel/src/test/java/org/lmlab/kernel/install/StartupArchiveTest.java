package org.lmlab.kernel.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupArchiveTest {

    @TempDir
    Path dir;

    private Path file(String name, Instant modified) throws IOException {
        Path path = Files.writeString(dir.resolve(name), name);
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }

    @Test
    void anArchiveOlderThanAJarIsReported() throws IOException {
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        Path archive = file("lmlab.jsa", now);
        Path older = file("old.jar", now.minusSeconds(60));
        Path newer = file("rebuilt.jar", now.plusSeconds(60));
        List<String> jvm = List.of("-Djava.awt.headless=true", "-XX:SharedArchiveFile=" + archive);

        assertEquals(Optional.empty(), StartupArchive.staleness(jvm, List.of(older)));
        Optional<String> stale = StartupArchive.staleness(jvm, List.of(older, newer));
        assertTrue(stale.orElseThrow().contains("older than rebuilt.jar"), stale.get());
        assertTrue(stale.get().endsWith("run `lmlab install` again"), stale.get());
    }

    @Test
    void noArchiveNothingToSay() throws IOException {
        Path jar = file("a.jar", Instant.now());
        assertEquals(Optional.empty(), StartupArchive.staleness(List.of(), List.of(jar)));
        assertEquals(Optional.empty(), StartupArchive.staleness(
                List.of("-XX:SharedArchiveFile=" + dir.resolve("missing.jsa")), List.of(jar)));
    }
}

package org.lmlab.deps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A real Maven repository layout in a directory, served through the resolver's file transport, so
 * download paths can be tested without a network.
 */
final class FileRepository {

    private final Path root;

    FileRepository(Path root) {
        this.root = root;
    }

    MavenRepository asRepository() {
        return new MavenRepository("test", "the test repository", root.toUri());
    }

    /** Publishes a jar and its POM; each dependency is XML produced by {@link #dependency}. */
    void publish(String groupId, String artifactId, String version, String... dependencies) {
        Path dir = root.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
        String base = artifactId + "-" + version;
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <dependencies>
                %s
                  </dependencies>
                </project>
                """.formatted(groupId, artifactId, version, String.join("\n", dependencies));
        write(dir.resolve(base + ".pom"), pom.getBytes(StandardCharsets.UTF_8));
        write(dir.resolve(base + ".jar"), emptyJar());
    }

    /** Writes the version list that version-range resolution reads, as a real repository maintains it. */
    void listVersions(String groupId, String artifactId, String... versions) {
        StringBuilder list = new StringBuilder();
        for (String version : versions) {
            list.append("<version>").append(version).append("</version>");
        }
        String metadata = """
                <metadata><groupId>%s</groupId><artifactId>%s</artifactId>
                  <versioning><versions>%s</versions></versioning>
                </metadata>
                """.formatted(groupId, artifactId, list);
        Path dir = root.resolve(groupId.replace('.', '/')).resolve(artifactId);
        write(dir.resolve("maven-metadata.xml"), metadata.getBytes(StandardCharsets.UTF_8));
    }

    static String dependency(String groupId, String artifactId, String version, String scope, boolean optional) {
        return "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>"
                .formatted(groupId, artifactId, version)
                + "<scope>" + scope + "</scope><optional>" + optional + "</optional></dependency>";
    }

    /** Writes the file with the .sha1 checksum real repositories carry; without it the resolver logs a warning. */
    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(content);
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), HexFormat.of().formatHex(sha1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] emptyJar() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            try (OutputStream jar = new JarOutputStream(bytes, manifest)) {
                jar.flush();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

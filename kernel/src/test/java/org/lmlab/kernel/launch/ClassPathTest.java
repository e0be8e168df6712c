package org.lmlab.kernel.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathTest {

    @TempDir
    Path dir;

    private Path jar(String name, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return path;
    }

    @Test
    void expandsManifestClassPathsInOrderWithoutRepeats() throws IOException {
        Path main = jar("main.jar", "a.jar sub/b%20c.jar a.jar");
        Path a = jar("a.jar", "sub/b%20c.jar");
        Path b = jar("sub/b c.jar", null);
        Path classes = Files.createDirectories(dir.resolve("classes"));

        List<Path> entries = ClassPath.expand(main + File.pathSeparator + classes);

        assertEquals(List.of(main, a, b, classes), entries);
    }

    @Test
    void keepsEntriesThatAreMissingOrNotJars() throws IOException {
        Path missing = dir.resolve("missing.jar");
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a jar");

        assertEquals(List.of(missing, text), ClassPath.expand(missing + File.pathSeparator + text));
    }
}

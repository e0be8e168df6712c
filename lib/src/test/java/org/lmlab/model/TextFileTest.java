package org.lmlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text files read for scoring: bad bytes are named by offset and line, not "Input length = 3". */
class TextFileTest {

    @TempDir
    Path dir;

    @Test
    void readsUtf8AndOtherCharsets() throws Exception {
        Path utf8 = Files.writeString(dir.resolve("a.txt"), "naïve café\nzweite Zeile", StandardCharsets.UTF_8);
        assertEquals("naïve café\nzweite Zeile", TextFile.read(utf8, StandardCharsets.UTF_8));
        Path latin1 = Files.write(dir.resolve("b.txt"), "ok\ncafé".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("ok\ncafé", TextFile.read(latin1, StandardCharsets.ISO_8859_1));
    }

    @Test
    void badBytesAreNamedByOffsetAndLine() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "line one\nok caf\u00e9!".getBytes(StandardCharsets.ISO_8859_1));
        TextFile.Problem p = assertThrows(TextFile.Problem.class, () -> TextFile.read(latin1, StandardCharsets.UTF_8));
        assertEquals(latin1 + " is not UTF-8 text: bytes 0xE9 at byte offset 15 (line 2, byte 7 of the line)",
                p.getMessage());
        assertEquals(15, p.offset());
        assertEquals(2, p.line());
        assertTrue(p.badBytes());

        Path png = Files.write(dir.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0});
        assertTrue(assertThrows(TextFile.Problem.class, () -> TextFile.read(png, StandardCharsets.UTF_8)).getMessage()
                .endsWith("is not UTF-8 text: bytes 0x89 at byte offset 0 (line 1, byte 1 of the line)"));
        Path nul = Files.write(dir.resolve("nul.bin"), new byte[] {'a', '\n', 'b', 0, 'c'});
        assertEquals(nul + " looks binary, not text: a NUL byte at byte offset 3 (line 2, byte 2 of the line)",
                assertThrows(TextFile.Problem.class, () -> TextFile.read(nul, StandardCharsets.UTF_8)).getMessage());
    }

    @Test
    void missingFilesAndDirectoriesAreNamed() {
        Path missing = dir.resolve("nope.txt");
        TextFile.Problem p = assertThrows(TextFile.Problem.class, () -> TextFile.read(missing, StandardCharsets.UTF_8));
        assertEquals(missing + ": no such file (looked for " + missing.toAbsolutePath() + ")", p.getMessage());
        assertFalse(p.badBytes());
        assertEquals(dir + ": cannot read it (a directory, not a file)",
                assertThrows(TextFile.Problem.class, () -> TextFile.read(dir, StandardCharsets.UTF_8)).getMessage());
    }
}

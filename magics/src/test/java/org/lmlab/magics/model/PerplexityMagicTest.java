package org.lmlab.magics.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;

/** {@code %perplexity --file} errors name the file, where its bytes go wrong and the option that helps. */
class PerplexityMagicTest {

    private static final CommandMagic MAGIC = CommandMagic.line(() -> new PerplexityMagic(new ModelSlot()));

    @TempDir
    Path dir;

    /** No shell and no variables: the file is read before the model is needed. */
    private static final FakeMagicContext CONTEXT = new FakeMagicContext();

    @AfterEach
    void nothingIsDefined() {
        assertTrue(CONTEXT.variables.isEmpty(), "nothing is defined when reading fails");
    }

    private static Object run(String args) throws Exception {
        List<String> words = Arrays.asList(args.split(" +"));
        return MAGIC.run(new MagicCall("perplexity", MagicKind.LINE, args, words, null, 1), CONTEXT);
    }

    @Test
    void aMissingFileIsNamedWithWhereItWasLookedFor() {
        Path missing = dir.resolve("missing.txt");
        MagicFailure e = assertThrows(MagicFailure.class, () -> run("--file " + missing));
        assertEquals("%perplexity --file " + missing + ": no such file (looked for " + missing + "); check --file; a "
                + "relative path resolves against the working directory " + Path.of("").toAbsolutePath(), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheEncodingOption() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "first\nsecond caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        MagicFailure e = assertThrows(MagicFailure.class, () -> run("--file " + latin1));
        assertEquals("%perplexity --file " + latin1 + " is not UTF-8 text: bytes 0xE9 at byte offset 16 (line 2, byte 11"
                + " of the line); the file must be UTF-8 text; for text in another encoding pass --encoding CHARSET (e.g."
                + " --encoding ISO-8859-1)", e.getMessage());
        Path binary = Files.write(dir.resolve("weights.bin"), new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0});
        assertTrue(assertThrows(MagicFailure.class, () -> run("--file " + binary)).getMessage()
                .contains("looks binary, not text: a NUL byte at byte offset 5 (line 1, byte 6 of the line)"));
        // read as Latin-1 it decodes, and only then is the (absent) model asked for
        MagicUsageException noModel = assertThrows(MagicUsageException.class,
                () -> run("--file " + latin1 + " --encoding ISO-8859-1"));
        assertEquals("no model is loaded; load one first", noModel.getMessage());
        assertTrue(assertThrows(MagicUsageException.class, () -> run("--file " + latin1 + " --encoding NOPE-8"))
                .getMessage().contains("--encoding"));
    }
}

package org.lmlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MagicsReferenceTest {

    @Test
    void docsMatchTheMagicsHelp() throws Exception {
        Path doc = Path.of("..", "docs", "magics.md");
        String expected = MagicsReference.markdown(CoreMagics.registry());
        assertEquals(expected, Files.exists(doc) ? Files.readString(doc) : "",
                "docs/magics.md is out of date: run bin/lmlab magics-doc > docs/magics.md");
    }
}

package org.lmlab.kernel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCellsTest {

    @Test
    void percentSeparatorsSplitCellsAndKeepFileLines() {
        String text = """
                int x = 1;
                // %%
                
                %table list
                //%% a titled cell
                %%sql -o t
                SELECT 1
                """;
        List<ScriptCell> cells = ScriptCells.script(text);
        assertEquals(List.of(
                new ScriptCell(1, 1, "int x = 1;"),
                new ScriptCell(2, 4, "%table list"),
                new ScriptCell(3, 6, "%%sql -o t\nSELECT 1")), cells);
    }

    @Test
    void scriptWithoutSeparatorsIsOneCell() {
        assertEquals(List.of(new ScriptCell(1, 1, "%lsmagic\n%classpath")), ScriptCells.script("%lsmagic\n%classpath\n"));
    }

    @Test
    void notebookCodeCellsInOrderWithListOrStringSources(@TempDir Path dir) throws Exception {
        Path nb = dir.resolve("n.ipynb");
        Files.writeString(nb, """
                {"cells": [
                  {"cell_type": "markdown", "source": ["# title"]},
                  {"cell_type": "code", "source": ["int a = 2;\\n", "a + 1"], "outputs": []},
                  {"cell_type": "code", "source": "   ", "outputs": []},
                  {"cell_type": "code", "source": "%lsmagic", "outputs": []}
                ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """);
        assertEquals(List.of(new ScriptCell(1, 1, "int a = 2;\na + 1"), new ScriptCell(2, 1, "%lsmagic")),
                ScriptCells.read(nb));
    }

    @Test
    void unreadableOrMalformedFilesNameTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.lmlab");
        ScriptFileException e = assertThrows(ScriptFileException.class, () -> ScriptCells.read(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());

        Path broken = dir.resolve("broken.ipynb");
        Files.writeString(broken, "{\"cells\": [");
        e = assertThrows(ScriptFileException.class, () -> ScriptCells.read(broken));
        assertTrue(e.getMessage().startsWith(broken + ": not valid JSON"), e.getMessage());

        Path notNotebook = dir.resolve("other.ipynb");
        Files.writeString(notNotebook, "{\"worksheets\": []}");
        e = assertThrows(ScriptFileException.class, () -> ScriptCells.read(notNotebook));
        assertEquals(notNotebook + ": not a Jupyter notebook (no \"cells\" list)", e.getMessage());
    }
}

package org.lmlab.kernel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Overrides written into a notebook's JSON, checked against nbformat's own validator. */
class NotebookParametersTest {

    private static final Path ROOT = Path.of(System.getProperty("lmlab.root", "..")).toAbsolutePath().normalize();
    /** tests/python/parameters.ipynb: a parameters cell (seed, lr, name, verbose, sizes), then two cells. */
    private static final Path NOTEBOOK = ROOT.resolve("tests/python/parameters.ipynb");

    private static JsonObject notebook() throws Exception {
        return JsonParser.parseString(Files.readString(NOTEBOOK)).getAsJsonObject();
    }

    private static Map<String, String> params(String name, String value) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(name, value);
        return map;
    }

    @Test
    void injectedCellFollowsTheParametersCellAndReplacesAnEarlierOne() throws Exception {
        JsonObject original = notebook();
        JsonObject once = NotebookParameters.inject(original, params("seed", "7"));
        assertEquals(original, notebook(), "the input is not changed");
        assertEquals(original.getAsJsonArray("cells").size() + 1, once.getAsJsonArray("cells").size());
        JsonObject injected = once.getAsJsonArray("cells").get(2).getAsJsonObject();
        assertEquals("[\"injected-parameters\"]", injected.getAsJsonObject("metadata").get("tags").toString());
        // The same cells as lmlab run executes for the same file and overrides.
        List<ScriptCell> expected = ParameterInjection.inject(ScriptCells.read(NOTEBOOK), params("seed", "7"));
        assertEquals(expected, ScriptCells.codeCells(once.getAsJsonArray("cells")));

        JsonObject twice = NotebookParameters.inject(once, params("lr", "0.25"));
        assertEquals(once.getAsJsonArray("cells").size(), twice.getAsJsonArray("cells").size());
        assertEquals(ParameterInjection.HEADER + "\ndouble lr = 0.25;",
                ScriptCells.codeCells(twice.getAsJsonArray("cells")).get(1).source());
        assertValidNotebook(twice);
    }

    @Test
    void badOverridesAreRefused() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> NotebookParameters.inject(notebook(), params("seed", "x")));
        assertTrue(e.getMessage().contains("must be a whole number"), e.getMessage());
    }

    /** nbformat.validate from the project's Python environment: the written notebook is a valid nbformat 4. */
    private static void assertValidNotebook(JsonObject notebook) throws Exception {
        String python = System.getProperty("lmlab.python", ROOT.resolve(".venv/bin/python").toString());
        Process process = new ProcessBuilder(python, "-c",
                "import sys, nbformat; nbformat.validate(nbformat.reads(sys.stdin.read(), as_version=4)); print('valid')")
                .redirectErrorStream(true).start();
        process.getOutputStream().write(notebook.toString().getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals("valid", out.strip(), out);
    }
}

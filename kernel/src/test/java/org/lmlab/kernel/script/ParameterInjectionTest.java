package org.lmlab.kernel.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --param} overrides. The injected declarations are checked by the JDK's own JShell (the
 * outside reference): they must compile and hold exactly the values given on the command line.
 */
class ParameterInjectionTest {

    private static final String DEFAULTS = """
            int seed = 42;          // the sampler's seed
            long tokens = 1_000L;
            final double lr = 3e-4;
            float temperature = 0.7f;
            String name = "baseline";
            boolean verbose = false;
            char sep = ',';
            List<Integer> sizes = List.of(1, 2);
            List<String> methods = List.of("pi");
            double[] weights = {0.5, 0.5};
            var steps = 10;
            var labels = List.of("a", "b");
            Path data = Path.of("x.csv");
            """;

    private static JShell reference;

    @BeforeAll
    static void startJShell() {
        reference = JShell.builder().executionEngine("local").build();
        reference.eval("import java.util.*;");
    }

    @AfterAll
    static void stopJShell() {
        reference.close();
    }

    private static List<ScriptCell> script() {
        return ScriptCells.script("%lsmagic\n// %% parameters\n" + DEFAULTS + "// %%\nseed + 1\n");
    }

    private static Map<String, String> params(String... nameValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    /** Runs the injected cell in the reference JShell; returns {@code expression}'s value as JShell shows it. */
    private static String evalInjected(Map<String, String> overrides, String expression) throws ParameterException {
        List<ScriptCell> cells = ParameterInjection.inject(script(), overrides);
        String remaining = cells.get(2).source();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = reference.sourceCodeAnalysis().analyzeCompletion(remaining);
            for (SnippetEvent event : reference.eval(info.source())) {
                if (event.causeSnippet() != null) {
                    continue; // the earlier declaration it replaces
                }
                assertTrue(event.exception() == null && event.status().isDefined(),
                        () -> "JShell rejected " + info.source() + ": " + event.status());
            }
            remaining = info.remaining();
        }
        List<SnippetEvent> result = reference.eval(expression + ";");
        return result.get(result.size() - 1).value();
    }

    @Test
    void parametersCellIsMarkedInScriptsAndNotebooks(@TempDir Path dir) throws Exception {
        List<ScriptCell> cells = ScriptCells.script("int a = 1;\n// %% parameters\nint b = 2;\n"
                + "// %% tags=[\"parameters\"]\nint c = 3;\n// %% parameters of the run\nint d = 4;\n"
                + "// %% injected-parameters\nint e = 5;\n");
        assertEquals(List.of(false, true, true, false, false), cells.stream().map(ScriptCell::parameters).toList());
        assertEquals(ScriptCell.Role.INJECTED_PARAMETERS, cells.get(4).role());

        Path nb = dir.resolve("p.ipynb");
        Files.writeString(nb, """
                {"cells": [
                  {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "int seed = 1;", "outputs": []},
                  {"cell_type": "code", "metadata": {"tags": ["injected-parameters"]}, "source": "int seed = 3;", "outputs": []},
                  {"cell_type": "code", "metadata": {"tags": ["other"]}, "source": "seed", "outputs": []}
                ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                """);
        List<ScriptCell> read = ScriptCells.read(nb);
        assertEquals(List.of(ScriptCell.Role.PARAMETERS, ScriptCell.Role.INJECTED_PARAMETERS, ScriptCell.Role.CODE),
                read.stream().map(ScriptCell::role).toList());
        // papermill's injected cell from an earlier run is replaced, not run after the new one
        List<ScriptCell> injected = ParameterInjection.inject(read, params("seed", "9"));
        assertEquals(List.of("int seed = 1;", ParameterInjection.HEADER + "\nint seed = 9;", "seed"),
                injected.stream().map(ScriptCell::source).toList());
    }

    @Test
    void declarationsAreReadFromSimpleLines() {
        List<ParameterDeclaration> d = ParameterDeclaration.parse(DEFAULTS + "seed = 3;\nSystem.out.println(1);\n");
        assertEquals(List.of("seed", "tokens", "lr", "temperature", "name", "verbose", "sep", "sizes", "methods",
                "weights", "steps", "labels", "data"), d.stream().map(ParameterDeclaration::name).toList());
        assertEquals(new ParameterDeclaration("sizes", "List<Integer>", "List.of(1, 2)"), d.get(7));
        assertEquals(new ParameterDeclaration("lr", "double", "3e-4"), d.get(2));
    }

    @Test
    void injectedCellFollowsTheParametersCellAndCellsAreRenumbered() throws Exception {
        List<ScriptCell> cells = ParameterInjection.inject(script(), params("seed", "7", "name", "run 2"));
        assertEquals(4, cells.size());
        assertEquals(List.of(1, 2, 3, 4), cells.stream().map(ScriptCell::number).toList());
        assertEquals(ParameterInjection.HEADER + "\nint seed = 7;\nString name = \"run 2\";", cells.get(2).source());
        assertEquals("seed + 1", cells.get(3).source());
        // %lsmagic, the separator, 13 lines of defaults, the separator: "seed + 1" is on line 17.
        assertEquals(17, cells.get(3).firstLine(), "file lines are kept for messages");
        List<ScriptCell> unchanged = script();
        assertSame(unchanged, ParameterInjection.inject(unchanged, Map.of()));
    }

    @Test
    void valuesAreTypedAsTheDefaultsDeclareThem() throws Exception {
        assertEquals("7", evalInjected(params("seed", "7"), "seed"));
        assertEquals("-2147483648", evalInjected(params("seed", "-2147483648"), "seed"));
        assertEquals("10000000000", evalInjected(params("tokens", "10000000000"), "tokens"));
        // 0.1 read by Java's own parser: the literal must hold the same double.
        assertEquals("true", evalInjected(params("lr", "0.1"), "lr == Double.parseDouble(\"0.1\")"));
        assertEquals("2.0", evalInjected(params("lr", "2"), "lr"), "a whole number is a double's value too");
        assertEquals("1.0E-5", evalInjected(params("lr", "1e-5"), "lr"));
        assertEquals("true", evalInjected(params("temperature", "0.3"), "temperature == 0.3f"));
        assertEquals("true", evalInjected(params("verbose", "TRUE"), "verbose"));
        assertEquals("';'", evalInjected(params("sep", ";"), "sep"));
        assertEquals("[1, 2, 4]", evalInjected(params("sizes", "1,2,4"), "sizes"));
        assertEquals("[8]", evalInjected(params("sizes", "[8]"), "sizes"));
        assertEquals("[]", evalInjected(params("sizes", "[]"), "sizes"));
        assertEquals("[pi, yarn, ntk]", evalInjected(params("methods", "pi, \"yarn\",ntk"), "methods"));
        assertEquals("\"[0.25, 0.75]\"", evalInjected(params("weights", "0.25,0.75"), "Arrays.toString(weights)"));
        assertEquals("12", evalInjected(params("steps", "12"), "steps"));
        assertEquals("[x]", evalInjected(params("labels", "x"), "labels"));
    }

    @Test
    void stringsKeepEveryCharacter() throws Exception {
        String text = "a \"quoted\" back\\slash\nnew line\ttab \u0001 \\u0041 é 日本";
        String codes = text.chars().mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertEquals("\"" + codes + "\"", evalInjected(params("name", text),
                "name.chars().mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(\",\"))"));
    }

    @Test
    void badOverridesFailWithAMessageNamingTheProblem() {
        ParameterException unknown = assertThrows(ParameterException.class,
                () -> ParameterInjection.inject(script(), params("sede", "7")));
        assertTrue(unknown.getMessage().contains("--param sede: no such parameter")
                && unknown.getMessage().contains("seed, tokens, lr"), unknown.getMessage());

        assertWrongType("seed", "abc", "int seed = 42;", "a whole number");
        assertWrongType("seed", "1.5", "int seed = 42;", "a whole number");
        assertWrongType("seed", "2147483648", "int seed = 42;", "a whole number from -2147483648 to 2147483647");
        assertWrongType("lr", "fast", "double lr = 3e-4;", "a number");
        assertWrongType("verbose", "yes", "boolean verbose = false;", "true or false");
        assertWrongType("sizes", "1,two", "List<Integer> sizes = List.of(1, 2);",
                "a whole number (each item of the comma-separated list)");
        assertWrongType("sep", "ab", "char sep = ',';", "a single character");

        ParameterException path = assertThrows(ParameterException.class,
                () -> ParameterInjection.inject(script(), params("data", "y.csv")));
        assertTrue(path.getMessage().contains("declares it as Path, which --param cannot set"), path.getMessage());

        ParameterException none = assertThrows(ParameterException.class,
                () -> ParameterInjection.inject(ScriptCells.script("int seed = 1;\n"), params("seed", "2")));
        assertTrue(none.getMessage().contains("the file has no parameters cell"), none.getMessage());
    }

    private static void assertWrongType(String name, String value, String declaration, String expected) {
        ParameterException e = assertThrows(ParameterException.class,
                () -> ParameterInjection.inject(script(), params(name, value)));
        assertTrue(e.getMessage().startsWith("--param " + name + "=" + value + ": ")
                && e.getMessage().contains("(" + declaration + ")")
                && e.getMessage().endsWith("must be " + expected), e.getMessage());
    }
}

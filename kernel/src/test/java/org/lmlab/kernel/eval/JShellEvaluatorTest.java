package org.lmlab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator against a real in-process JShell; one instance for the class (start-up costs ~1 s). */
class JShellEvaluatorTest {

    private static JShellEvaluator jshell;

    @BeforeAll
    static void start() {
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        jshell = JShellEvaluator.start(classpath);
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @Test
    void stateSurvivesAcrossCellsAndFailures() throws Exception {
        jshell.eval("int kept = 20;", 1, 1);
        assertThrows(CellError.class, () -> jshell.eval("kept = kept + 1;\nthrow new IllegalStateException(\"x\");", 2, 1));
        assertThrows(CellError.class, () -> jshell.eval("int broken = ;", 3, 1));
        Evaluation value = jshell.eval("kept * 2", 4, 1);
        assertTrue(value.hasValue());
        assertEquals(42, value.value());
    }

    @Test
    void lastExpressionIsTheLiveValue() throws Exception {
        Evaluation value = jshell.eval("record P(int x) {}\nnew P(3)", 1, 1);
        assertEquals("P", value.value().getClass().getSimpleName());
        assertFalse(jshell.eval("int declared = 5;", 2, 1).hasValue());
        assertFalse(jshell.eval("System.out.print(\"\");", 3, 1).hasValue());
        assertEquals(5, jshell.eval("declared", 4, 1).value());
    }

    @Test
    void theClassLoaderIsTheCellsAndSeesAddedEntries(@TempDir Path added) throws Exception {
        Files.createDirectories(added.resolve("lmlab-probe"));
        Files.writeString(added.resolve("lmlab-probe/added.txt"), "x");
        jshell.addToClasspath(added);
        ClassLoader loader = jshell.classLoader();
        assertSame(loader, jshell.eval("new Object() {}.getClass().getClassLoader()", 1, 1).value());
        assertNotNull(loader.getResource("lmlab-probe/added.txt"), "what %classpath/%spark add is found through it");
        assertNull(ClassLoader.getSystemClassLoader().getResource("lmlab-probe/added.txt"));
    }

    @Test
    void theClassLoaderIsThereBeforeAnySnippetRan() throws Exception {
        try (JShellEvaluator fresh = JShellEvaluator.open(List.of(), false)) {
            ClassLoader loader = fresh.classLoader();
            assertNotNull(loader);
            assertSame(loader, fresh.eval("new Object() {}.getClass().getClassLoader()", 1, 1).value());
            assertFalse(fresh.eval("int probe = 1;", 2, 1).hasValue());
        }
    }

    @Test
    void runtimeErrorsPointIntoTheCell() {
        CellError error = assertThrows(CellError.class, () -> jshell.eval(
                "int f(int n) {\n  return 10 / n;\n}\n\nf(0)", 7, 1));
        assertEquals("ArithmeticException", error.ename());
        assertEquals("/ by zero", error.evalue());
        assertEquals(List.of("java.lang.ArithmeticException: / by zero",
                "    at Cell In[7], line 2 (in f)",
                "    at Cell In[7], line 5"), error.traceback());
    }

    @Test
    void compileErrorsUnderlineTheSpan() {
        CellError error = assertThrows(CellError.class, () -> jshell.eval("int a = 1;\nint b = missing + a;", 9, 3));
        assertEquals("CompilationError", error.ename());
        assertEquals("cannot find symbol", error.evalue());
        assertEquals("Cell In[9], line 4: cannot find symbol", error.traceback().get(0));
        assertEquals("    int b = missing + a;", error.traceback().get(1));
        assertEquals("            ^^^^^^^", error.traceback().get(2));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void interruptStopsARunawayLoopAndKeepsState() throws Exception {
        jshell.eval("int before = 7;", 1, 1);
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> {
            try {
                jshell.eval("while (true) { }", 2, 1);
                return null;
            } catch (CellError e) {
                return e;
            }
        });
        Thread.sleep(500);
        long start = System.nanoTime();
        jshell.interrupt();
        CellError error = running.get(5, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("Interrupted", error.ename());
        assertTrue(seconds < 1.0, "took " + seconds + " s");
        assertEquals(7, jshell.eval("before", 3, 1).value());
    }

    @Test
    void completenessOfPartialInput() {
        assertEquals(Completeness.COMPLETE, jshell.completeness("int x = 1;\nx"));
        assertEquals(Completeness.INCOMPLETE, jshell.completeness("for (int i = 0; i < 3; i++) {"));
        assertEquals(Completeness.INCOMPLETE, jshell.completeness("int y = 1 +"));
    }

    @Test
    void completionAndDocumentation() {
        Completion completion = jshell.complete("int n = 1;\nStrin", 16);
        assertTrue(completion.matches().contains("String"), completion.matches().toString());
        assertEquals(11, completion.start());
        String doc = jshell.documentation("Math.max", 8).orElseThrow();
        assertTrue(doc.contains("int Math.max(int a, int b)"), doc);
    }
}

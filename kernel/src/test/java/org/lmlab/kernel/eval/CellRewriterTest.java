package org.lmlab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every way a cell can end the JVM is turned into an error by the rewritten classes, on
 * whichever JDK runs the tests (CI runs them on 17 and 25). Were one missed, this test JVM
 * would end and surefire would report the crash.
 */
class CellRewriterTest {

    private static JShellEvaluator jshell;

    @BeforeAll
    static void start() {
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        jshell = JShellEvaluator.start(classpath, true);
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "System.exit(3);",
        "java.lang.System.exit(0)",
        "Runtime.getRuntime().exit(4);",
        "Runtime.getRuntime().halt(5);",
        "java.util.function.IntConsumer f = System::exit; f.accept(6);",
        "Runtime r = Runtime.getRuntime(); java.util.function.IntConsumer g = r::halt; g.accept(7);",
        "java.util.function.BiConsumer<Runtime, Integer> h = Runtime::exit; h.accept(Runtime.getRuntime(), 8);",
        "new Thread(() -> System.exit(9)) {{ run(); }};",
        "class Quitter { void quit() { System.exit(10); } }\nnew Quitter().quit();",
    })
    void exitCallsBecomeErrorsAndStateSurvives(String cell) throws Exception {
        jshell.eval("int kept = 41;", 1, 1);
        CellError error = assertThrows(CellError.class, () -> jshell.eval(cell, 2, 1));
        assertEquals("SecurityException", error.ename(), error.traceback().toString());
        assertTrue(error.evalue().contains("was blocked: it would end the kernel"), error.evalue());
        assertEquals(42, jshell.eval("kept + 1", 3, 1).value());
    }

    @Test
    void aMethodDefinedEarlierIsTrappedWhenCalledLater() throws Exception {
        jshell.eval("void leave(int code) { if (code > 0) System.exit(code); }", 1, 1);
        jshell.eval("leave(0);", 2, 1);
        CellError error = assertThrows(CellError.class, () -> jshell.eval("leave(2);", 3, 1));
        assertTrue(error.evalue().startsWith("System.exit(2) was blocked"), error.evalue());
    }

    /** Issue 23, reproduction 6: a loop that swallows every Throwable still stops on interrupt. */
    @ParameterizedTest
    @ValueSource(strings = {
        "while (true) { try { Thread.sleep(5); } catch (Throwable t) { } }",
        "long n = 0; while (true) { try { n++; } catch (Error e) { } }",
        "while (true) { try { org.lmlab.progress.Cancellation.check(); Thread.sleep(1); } catch (Exception e) { } }",
    })
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLoopThatSwallowsEverythingStopsOnInterrupt(String loop) throws Exception {
        jshell.eval("int before = 7;", 1, 1);
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> {
            try {
                jshell.eval(loop, 2, 1);
                return null;
            } catch (CellError e) {
                return e;
            }
        });
        Thread.sleep(700);
        jshell.interrupt();
        CellError stopped = running.get(20, TimeUnit.SECONDS);
        assertEquals("Interrupted", stopped.ename(), String.valueOf(stopped.traceback()));
        org.lmlab.progress.Cancellation.reset();
        assertEquals(8, jshell.eval("before + 1", 3, 1).value());
        // Without an interrupt, the broad handler runs as written.
        assertEquals("handled", jshell.eval("String r; try { throw new Error(\"x\"); } catch (Throwable t) { r = \"handled\"; } r", 4, 1).value());
    }

    @Test
    void otherCallsAndClassesWithoutExitAreLeftAlone() throws Exception {
        byte[] plain = classFile(CellTraps.class);
        assertSame(plain, CellRewriter.rewrite(plain));
        assertEquals(12, jshell.eval("Math.max(Runtime.getRuntime().availableProcessors(), 12)", 1, 1).value());
        assertEquals("x", jshell.eval("System.getProperty(\"no.such.property\", \"x\")", 2, 1).value());
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}

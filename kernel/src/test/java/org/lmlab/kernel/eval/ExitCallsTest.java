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
import org.junit.jupiter.api.Test;

/**
 * Every way a cell can end the JVM is turned into an error by the rewritten classes, on
 * whichever JDK runs the tests (CI runs them on 17 and 25). Were one missed, this test JVM
 * would end and surefire would report the crash.
 */
class ExitCallsTest {

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

    @Test
    void otherCallsAndClassesWithoutExitAreLeftAlone() throws Exception {
        byte[] plain = classFile(ExitTrap.class);
        assertSame(plain, ExitCalls.rewrite(plain));
        assertEquals(12, jshell.eval("Math.max(Runtime.getRuntime().availableProcessors(), 12)", 1, 1).value());
        assertEquals("x", jshell.eval("System.getProperty(\"no.such.property\", \"x\")", 2, 1).value());
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}

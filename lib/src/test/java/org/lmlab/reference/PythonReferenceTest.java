package org.lmlab.reference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A reference process killed by a signal is named by that signal and its likely cause. */
class PythonReferenceTest {

    @Test
    void aSignalIsNamedWithItsMeaning() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PythonReference.run("import os, signal\nos.kill(os.getpid(), signal.SIGILL)\n"));
        assertTrue(e.getMessage().contains("exit 132, killed by SIGILL"), e.getMessage());
        assertTrue(e.getMessage().contains("environment/llama-reference.sh"), e.getMessage());
    }

    @Test
    void anOrdinaryFailureKeepsItsStatusAndStderr() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PythonReference.run("import sys\nsys.exit('no numbers today')\n"));
        assertTrue(e.getMessage().startsWith("Python reference failed (exit 1):"), e.getMessage());
        assertTrue(e.getMessage().contains("no numbers today"), e.getMessage());
    }
}

package org.lmlab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PythonReferenceTest {

    @Test
    void runsNumpyInTheProjectEnvironment() throws Exception {
        String out = PythonReference.run("import numpy as np, sys\nprint(repr(float(np.std([1.0, 2.0, 4.0], ddof=1))))");
        assertEquals(Math.sqrt(7.0 / 3.0), Double.parseDouble(out.strip()), 1e-15);
    }

    @Test
    void failuresCarryPythonsError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PythonReference.run("raise SystemExit('boom from python')"));
        assertTrue(e.getMessage().contains("boom from python"), e.getMessage());
    }
}

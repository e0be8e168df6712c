package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonCheckTest {

    @TempDir
    Path tmp;

    @Test
    void noEnvironmentFailsAndNamesTheSetUp() {
        Installation installation = new Installation(tmp.resolve("checkout"), tmp.resolve("venv"));
        CheckResult result = new PythonCheck(installation).run();
        assertEquals(Status.FAIL, result.status());
        assertEquals("no Python environment at " + tmp.resolve("venv"), result.detail());
        assertEquals("bash " + tmp.resolve("checkout/environment/setup.sh") + " main", result.fix());
    }

    @Test
    void anEnvironmentWithoutJupyterFails() throws Exception {
        Path venv = tmp.resolve("bare");
        Fixtures.run(List.of("python3", "-m", "venv", "--without-pip", venv.toString()), Map.of());
        Installation installation = new Installation(tmp.resolve("checkout"), venv);
        CheckResult result = new PythonCheck(installation).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().endsWith("No module named 'jupyterlab'"), result.detail());
        assertEquals(installation.setupCommand(), result.fix());
    }

    /** The healthy machine: the JupyterLab version is the one `jupyter lab --version` prints. */
    @Test
    void theSetUpsEnvironmentHasJupyterLab() throws Exception {
        Installation real = Fixtures.realInstallation();
        String version = Fixtures.run(List.of(real.jupyter().toString(), "lab", "--version"), Map.of()).strip();
        CheckResult result = new PythonCheck(real).run();
        assertEquals(Status.OK, result.status(), result.detail());
        assertTrue(result.detail().contains("JupyterLab " + version + " in "), result.detail());
    }
}

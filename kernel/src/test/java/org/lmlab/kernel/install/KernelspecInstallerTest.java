package org.lmlab.kernel.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelspecInstallerTest {

    /** Without --prefix the kernelspec goes where Jupyter keeps the user's data (`jupyter --data-dir`). */
    @Test
    void theDefaultFolderIsJupytersUserDataDirectory() throws Exception {
        Path jupyter = Path.of(System.getProperty("lmlab.python", ".venv/bin/python")).resolveSibling("jupyter");
        assumeTrue(Files.isExecutable(jupyter), "no Jupyter at " + jupyter + " (bash environment/setup.sh main)");
        Process process = new ProcessBuilder(jupyter.toString(), "--data-dir").redirectErrorStream(true).start();
        String dataDir = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), dataDir);
        assertEquals(Path.of(dataDir, "kernels"), KernelspecInstaller.kernelsDirectory(null));
    }
}

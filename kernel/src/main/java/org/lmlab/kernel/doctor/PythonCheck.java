package org.lmlab.kernel.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The set-up's Python environment: its interpreter runs and imports what the main job and
 * {@code lmlab lab} use (JupyterLab, jupyter_client, nbclient, nbconvert, and the MathJax package that
 * {@code lmlab report} writes into its pages).
 */
public final class PythonCheck implements Check {

    static final String IMPORTS = "import jupyterlab, jupyter_client, nbclient, nbconvert, mathjax, sys; "
            + "print('Python %d.%d.%d, JupyterLab %s' % (sys.version_info[:3] + (jupyterlab.__version__,)))";

    private final Installation installation;

    public PythonCheck(Installation installation) {
        this.installation = installation;
    }

    @Override
    public String name() {
        return "python";
    }

    @Override
    public CheckResult run() {
        if (!Files.isExecutable(installation.python())) {
            return CheckResult.fail("no Python environment at " + installation.venv(), installation.setupCommand());
        }
        try {
            CommandOutput out = CommandOutput.run(List.of(installation.python().toString(), "-c", IMPORTS), 60);
            if (out.exit() != 0) {
                return CheckResult.fail(installation.venv() + " lacks the Jupyter packages or MathJax: " + out.lastLine(),
                        installation.setupCommand());
            }
            return CheckResult.ok(out.lastLine() + " in " + installation.venv());
        } catch (IOException e) {
            return CheckResult.fail(installation.python() + " does not start: " + e.getMessage(),
                    installation.setupCommand());
        }
    }
}

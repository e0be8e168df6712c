package org.lmlab.kernel.doctor;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code doctor}, {@code lab} and {@code report} share: which environment and kernelspec to use. */
public final class EnvironmentOptions {

    @Option(names = "--venv", paramLabel = "DIR",
            description = "The Python environment with JupyterLab and the model (default: .venv of this checkout, "
                    + "which the set-up makes).")
    Path venv;

    @Option(names = "--name", defaultValue = "lmlab", description = "Kernelspec name (default: ${DEFAULT-VALUE}).")
    String kernelName;

    public Installation installation() {
        return Installation.locate(venv);
    }

    public String kernelName() {
        return kernelName;
    }
}

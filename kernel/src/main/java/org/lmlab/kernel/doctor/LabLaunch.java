package org.lmlab.kernel.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JupyterLab command {@code lmlab lab} runs: the set-up environment's {@code jupyter lab} on a
 * notebook folder. That Jupyter searches the environment's share/jupyter first, where the set-up
 * installs the lmlab kernelspec ({@link JupyterPaths}).
 *
 * @param port        the server's port, or 0 for JupyterLab's default (8888, else the next free one)
 * @param asRoot      the user is root: JupyterLab refuses to start as root without --allow-root,
 *                    which containers and fresh cloud machines often are
 * @param extra       further JupyterLab arguments, passed as given
 */
public record LabLaunch(Path jupyter, Path notebookDir, int port, boolean noBrowser, boolean asRoot,
        List<String> extra) {

    public LabLaunch {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a TCP port (1 to 65535)");
        }
        extra = List.copyOf(extra);
    }

    public List<String> command() {
        List<String> command = new ArrayList<>(List.of(jupyter.toString(), "lab",
                "--notebook-dir=" + notebookDir.toAbsolutePath().normalize()));
        if (port > 0) {
            command.add("--port=" + port);
        }
        if (noBrowser) {
            command.add("--no-browser");
        }
        if (asRoot) {
            command.add("--allow-root");
        }
        command.addAll(extra);
        return command;
    }
}

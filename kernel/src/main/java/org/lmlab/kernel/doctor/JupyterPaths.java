package org.lmlab.kernel.doctor;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data directories a Jupyter started from a virtual environment searches for kernelspecs, in
 * its order (jupyter_core's {@code jupyter_path}): {@code $JUPYTER_PATH}, then the environment's
 * {@code share/jupyter} before the user's data directory (the reverse when
 * {@code JUPYTER_PREFER_ENV_PATH} is false), then the system directories. The first directory
 * holding {@code kernels/NAME} wins.
 */
public record JupyterPaths(List<Path> dataDirectories) {

    public JupyterPaths {
        dataDirectories = List.copyOf(dataDirectories);
    }

    /** The search path of the Jupyter in {@code venv}, given the environment variables and home. */
    public static JupyterPaths forVenv(Path venv, Map<String, String> env, Path home, String osName) {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        String jupyterPath = env.get("JUPYTER_PATH");
        if (jupyterPath != null && !jupyterPath.isEmpty()) {
            for (String part : jupyterPath.split(File.pathSeparator)) {
                if (!part.isEmpty()) {
                    dirs.add(Path.of(part));
                }
            }
        }
        Path user = userDataDirectory(env, home, osName);
        Path environment = venv.resolve("share/jupyter");
        String preferEnv = env.getOrDefault("JUPYTER_PREFER_ENV_PATH", "").toLowerCase(Locale.ROOT);
        boolean envFirst = !List.of("0", "false", "no", "off", "n").contains(preferEnv);
        dirs.addAll(envFirst ? List.of(environment, user) : List.of(user, environment));
        if (osName.startsWith("Windows")) {
            String programData = env.get("PROGRAMDATA");
            if (programData != null) {
                dirs.add(Path.of(programData, "jupyter"));
            }
        } else {
            dirs.add(Path.of("/usr/local/share/jupyter"));
            dirs.add(Path.of("/usr/share/jupyter"));
        }
        List<Path> normalized = new ArrayList<>();
        dirs.forEach(d -> normalized.add(d.toAbsolutePath().normalize()));
        return new JupyterPaths(new ArrayList<>(new LinkedHashSet<>(normalized)));
    }

    /** This process's view: its environment, {@code user.home} and {@code os.name}. */
    public static JupyterPaths forVenv(Path venv) {
        return forVenv(venv, System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("os.name", ""));
    }

    /** Jupyter's per-user data directory: {@code $JUPYTER_DATA_DIR}, else the platform's default. */
    public static Path userDataDirectory(Map<String, String> env, Path home, String osName) {
        String dataDir = env.get("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        if (osName.startsWith("Mac")) {
            return home.resolve("Library/Jupyter");
        }
        if (osName.startsWith("Windows") && env.get("APPDATA") != null) {
            return Path.of(env.get("APPDATA"), "jupyter");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("jupyter");
    }

    /** {@code DIR/kernels} for every data directory, in search order. */
    public List<Path> kernelDirectories() {
        return dataDirectories.stream().map(d -> d.resolve("kernels")).toList();
    }
}

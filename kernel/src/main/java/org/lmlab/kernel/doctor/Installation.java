package org.lmlab.kernel.doctor;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this lmlab lives: the checkout {@code root} (bin/lmlab, environment/, notebooks/) and the
 * Python environment the set-up makes ({@code root/.venv} unless another is named).
 */
public record Installation(Path root, Path venv) {

    public Installation {
        root = root.toAbsolutePath().normalize();
        venv = venv.toAbsolutePath().normalize();
    }

    /** The checkout of the running lmlab: {@code -Dlmlab.root} (bin/lmlab sets it), else the jar's. */
    public static Installation locate(Path venvOverride) {
        Path root = rootOfThisLmlab();
        return new Installation(root, venvOverride != null ? venvOverride : root.resolve(".venv"));
    }

    private static Path rootOfThisLmlab() {
        String property = System.getProperty("lmlab.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            // kernel/target/dist/lib/lmlab-kernel.jar or kernel/target/classes: climb to bin/lmlab.
            Path code = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = code; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("bin/lmlab"))) {
                    return dir;
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("");
    }

    public Path python() {
        return venv.resolve("bin/python");
    }

    public Path jupyter() {
        return venv.resolve("bin/jupyter");
    }

    public Path kernelJar() {
        return root.resolve("kernel/target/dist/lib/lmlab-kernel.jar");
    }

    public Path notebooks() {
        return root.resolve("notebooks");
    }

    /** The README's set-up command for the main job's Python environment. */
    public String setupCommand() {
        return "bash " + root.resolve("environment/setup.sh") + " main";
    }

    /** The command that installs the kernelspec into the set-up's environment. */
    public String installCommand() {
        return root.resolve("bin/lmlab") + " install --prefix " + venv;
    }

    /** The command that builds kernel/target/dist, which bin/lmlab and the kernelspec run. */
    public String buildCommand() {
        return "cd " + root + " && mvn -B -q package -DskipTests";
    }
}

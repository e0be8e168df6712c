package org.lmlab.deps;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of resolving some coordinates together with their runtime dependencies.
 *
 * @param jars      jar files for a class path, without duplicates, in resolution order (requested
 *                  artifacts before their dependencies, as Maven orders a class path)
 * @param artifacts every resolved artifact with its exact version (version ranges and conflicts
 *                  settled), in the same order; includes non-jar artifacts such as requested POMs
 */
public record Resolution(List<Path> jars, List<MavenCoordinate> artifacts) {

    public Resolution {
        jars = List.copyOf(Objects.requireNonNull(jars, "jars"));
        artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
    }

    /** Nothing resolved, for an empty request. */
    public static Resolution empty() {
        return new Resolution(List.of(), List.of());
    }
}

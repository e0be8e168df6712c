package org.lmlab.deps;

import java.util.Objects;

/**
 * Coordinates of one Maven artifact, as a user types them after {@code %maven}.
 *
 * <p>The textual forms follow Maven Resolver's own convention (extension before classifier), so a
 * coordinate copied from resolver output or from {@code mvn dependency:tree} parses as-is.
 *
 * @param groupId    for example {@code com.google.code.gson}
 * @param artifactId for example {@code gson}
 * @param extension  file extension, {@code jar} unless given
 * @param classifier secondary artifact name such as {@code sources}; empty when absent (never null,
 *                   matching the resolver's convention so equality needs no null handling)
 * @param version    a version, a version range such as {@code [1.0,2.0)}, or {@code LATEST}/{@code RELEASE}
 */
public record MavenCoordinate(String groupId, String artifactId, String extension, String classifier, String version) {

    /** The forms {@link #parse} accepts, quoted in its error messages. */
    public static final String ACCEPTED_FORMS = "group:artifact:version, group:artifact:extension:version"
            + " or group:artifact:extension:classifier:version";

    private static final String DEFAULT_EXTENSION = "jar";

    public MavenCoordinate {
        requirePart(groupId, "groupId");
        requirePart(artifactId, "artifactId");
        requirePart(extension, "extension");
        Objects.requireNonNull(classifier, "classifier (use \"\" for none)");
        requirePart(version, "version");
    }

    /** A plain jar coordinate without classifier. */
    public static MavenCoordinate of(String groupId, String artifactId, String version) {
        return new MavenCoordinate(groupId, artifactId, DEFAULT_EXTENSION, "", version);
    }

    /**
     * Parses {@code group:artifact:version}, {@code group:artifact:extension:version} or
     * {@code group:artifact:extension:classifier:version}; surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException naming the bad text and the accepted forms
     */
    public static MavenCoordinate parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        // limit -1 keeps trailing empty parts, so "g:a:" is reported as an empty version, not as "g:a"
        String[] parts = trimmed.split(":", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw invalid(text, "it has " + parts.length + (parts.length == 1 ? " part" : " parts")
                    + " separated by ':' but needs 3 to 5");
        }
        String[] names = switch (parts.length) {
            case 3 -> new String[] {"group", "artifact", "version"};
            case 4 -> new String[] {"group", "artifact", "extension", "version"};
            default -> new String[] {"group", "artifact", "extension", "classifier", "version"};
        };
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                throw invalid(text, "the " + names[i] + " is empty");
            }
            if (parts[i].chars().anyMatch(Character::isWhitespace)) {
                throw invalid(text, "the " + names[i] + " contains whitespace");
            }
        }
        return switch (parts.length) {
            case 3 -> new MavenCoordinate(parts[0], parts[1], DEFAULT_EXTENSION, "", parts[2]);
            case 4 -> new MavenCoordinate(parts[0], parts[1], parts[2], "", parts[3]);
            default -> new MavenCoordinate(parts[0], parts[1], parts[2], parts[3], parts[4]);
        };
    }

    /** The shortest textual form that {@link #parse} maps back to this coordinate. */
    @Override
    public String toString() {
        if (!classifier.isEmpty()) {
            return String.join(":", groupId, artifactId, extension, classifier, version);
        }
        if (!extension.equals(DEFAULT_EXTENSION)) {
            return String.join(":", groupId, artifactId, extension, version);
        }
        return String.join(":", groupId, artifactId, version);
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException(
                "Invalid Maven coordinate \"" + text + "\": " + reason + ". Use " + ACCEPTED_FORMS + ".");
    }

    private static void requirePart(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}

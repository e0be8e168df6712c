package org.lmlab.deps;

import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;

/** Converts between lmlab's coordinates and the resolver's artifacts, so resolver types stay out of the public API. */
final class ArtifactMapping {

    private ArtifactMapping() {
    }

    static Artifact toArtifact(MavenCoordinate coordinate) {
        return new DefaultArtifact(coordinate.groupId(), coordinate.artifactId(), coordinate.classifier(),
                coordinate.extension(), coordinate.version());
    }

    static MavenCoordinate toCoordinate(Artifact artifact) {
        return new MavenCoordinate(artifact.getGroupId(), artifact.getArtifactId(), artifact.getExtension(),
                artifact.getClassifier(), artifact.getVersion());
    }
}

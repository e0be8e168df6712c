package org.lmlab.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.deps.FileRepository.dependency;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online resolution into an empty local repository, from a repository in a temporary directory
 * (Maven Resolver's file transport) or an unreachable local port, so no test needs the internet.
 */
class MavenResolverDownloadTest {

    private static final String G = "org.lmlab.test";

    @TempDir
    Path temp;

    private Path local;
    private FileRepository remote;

    @BeforeEach
    void createRepositories() {
        local = temp.resolve("local");
        remote = new FileRepository(temp.resolve("remote"));
    }

    private MavenResolver resolverFor(MavenRepository... repositories) {
        return MavenResolver.builder().localRepository(local).remoteRepositories(List.of(repositories)).build();
    }

    @Test
    void downloadsRuntimeClassPathLikeMaven() throws Exception {
        remote.publish(G, "app", "1.0",
                dependency(G, "lib", "1.0", "compile", false),
                dependency(G, "rt", "1.0", "runtime", false),
                dependency(G, "tst", "1.0", "test", false),
                dependency(G, "prov", "1.0", "provided", false),
                dependency(G, "opt", "1.0", "compile", true));
        remote.publish(G, "lib", "1.0", dependency(G, "deep", "1.0", "compile", false));
        for (String name : List.of("rt", "tst", "prov", "opt", "deep")) {
            remote.publish(G, name, "1.0");
        }

        try (MavenResolver resolver = resolverFor(remote.asRepository())) {
            Resolution resolution = resolver.resolve(List.of(MavenCoordinate.of(G, "app", "1.0")));

            // Test, provided and optional dependencies are not part of a dependency's runtime class path.
            assertEquals(List.of("app", "lib", "deep", "rt"),
                    resolution.artifacts().stream().map(MavenCoordinate::artifactId).toList());
            for (Path jar : resolution.jars()) {
                assertTrue(jar.startsWith(local), jar + " should have been downloaded into " + local);
                assertTrue(Files.isRegularFile(jar), jar + " should exist");
            }
            assertEquals(local.resolve("org/lmlab/test/app/1.0/app-1.0.jar"), resolution.jars().get(0));
        }
    }

    @Test
    void versionRangeResolvesToTheHighestMatchingVersion() throws Exception {
        remote.publish(G, "a", "1.0", dependency(G, "shared", "[1.0,2.0)", "compile", false));
        remote.publish(G, "shared", "1.0");
        remote.publish(G, "shared", "1.5");
        remote.publish(G, "shared", "2.0");
        remote.listVersions(G, "shared", "1.0", "1.5", "2.0");

        try (MavenResolver resolver = resolverFor(remote.asRepository())) {
            Resolution resolution = resolver.resolve(List.of(MavenCoordinate.of(G, "a", "1.0")));

            assertEquals(List.of(MavenCoordinate.of(G, "a", "1.0"), MavenCoordinate.of(G, "shared", "1.5")),
                    resolution.artifacts());
        }
    }

    @Test
    void versionConflictKeepsTheNearestVersionOnly() throws Exception {
        remote.publish(G, "near", "1.0", dependency(G, "shared", "2.0", "compile", false));
        remote.publish(G, "far", "1.0", dependency(G, "mid", "1.0", "compile", false));
        remote.publish(G, "mid", "1.0", dependency(G, "shared", "1.0", "compile", false));
        remote.publish(G, "shared", "1.0");
        remote.publish(G, "shared", "2.0");

        try (MavenResolver resolver = resolverFor(remote.asRepository())) {
            Resolution resolution = resolver.resolve(
                    List.of(MavenCoordinate.of(G, "far", "1.0"), MavenCoordinate.of(G, "near", "1.0")));

            assertEquals(List.of("far-1.0.jar", "mid-1.0.jar", "near-1.0.jar", "shared-2.0.jar"),
                    resolution.jars().stream().map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void missingArtifactOnlineNamesTheRepositoriesSearched() {
        try (MavenResolver resolver = resolverFor(remote.asRepository())) {
            DependencyResolutionFailure failure = assertThrows(DependencyResolutionFailure.class,
                    () -> resolver.resolve(List.of(MavenCoordinate.of(G, "nope", "1.0"))));

            assertEquals("Could not resolve org.lmlab.test:nope:1.0: not found in the test repository ("
                    + remote.asRepository().url() + ") or the local repository (" + local + ").",
                    failure.getMessage());
        }
    }

    @Test
    void missingTransitiveDependencySaysWhatNeedsIt() {
        remote.publish(G, "top", "1.0", dependency(G, "middle", "1.0", "compile", false));
        remote.publish(G, "middle", "1.0", dependency(G, "gone", "1.0", "compile", false));

        try (MavenResolver resolver = resolverFor(remote.asRepository())) {
            DependencyResolutionFailure failure = assertThrows(DependencyResolutionFailure.class,
                    () -> resolver.resolve(List.of(MavenCoordinate.of(G, "top", "1.0"))));

            assertEquals("Could not resolve org.lmlab.test:gone:1.0"
                    + " (required by org.lmlab.test:top:1.0 -> org.lmlab.test:middle:1.0): not found in the test"
                    + " repository (" + remote.asRepository().url() + ") or the local repository (" + local + ").",
                    failure.getMessage());
        }
    }

    @Test
    void severalMissingArtifactsAreCounted() {
        try (MavenResolver resolver = resolverFor(remote.asRepository())) {
            DependencyResolutionFailure failure = assertThrows(DependencyResolutionFailure.class,
                    () -> resolver.resolve(List.of(MavenCoordinate.of(G, "x", "1.0"), MavenCoordinate.of(G, "y", "1.0"),
                            MavenCoordinate.of(G, "z", "1.0"))));

            assertTrue(failure.getMessage().startsWith("Could not resolve org.lmlab.test:x:1.0: not found in "),
                    failure.getMessage());
            assertTrue(failure.getMessage().endsWith(" 2 other artifacts could not be resolved either."),
                    failure.getMessage());
        }
    }

    @Test
    void withoutRemoteRepositoriesOnlyTheLocalOneIsSearched() {
        try (MavenResolver resolver = resolverFor()) {
            DependencyResolutionFailure failure = assertThrows(DependencyResolutionFailure.class,
                    () -> resolver.resolve(List.of(MavenCoordinate.of(G, "nope", "1.0"))));

            assertEquals("Could not resolve org.lmlab.test:nope:1.0: it is not in the local repository (" + local
                    + ") and no remote repository is configured.", failure.getMessage());
        }
    }

    @Test
    void unsatisfiableVersionRangeIsExplained() {
        try (MavenResolver resolver = resolverFor(remote.asRepository())) {
            DependencyResolutionFailure failure = assertThrows(DependencyResolutionFailure.class,
                    () -> resolver.resolve(List.of(MavenCoordinate.of(G, "ranged", "[3.0,4.0)"))));

            assertTrue(failure.getMessage().startsWith("Could not resolve org.lmlab.test:ranged:[3.0,4.0): "),
                    failure.getMessage());
            assertEquals(1, failure.getMessage().lines().count(), failure.getMessage());
        }
    }

    @Test
    void unreachableRepositoryReportsTheDownloadError() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: connecting is refused at once
        }
        MavenRepository dead = MavenRepository.of("dead", "http://127.0.0.1:" + port + "/maven2/");

        try (MavenResolver resolver = resolverFor(dead)) {
            DependencyResolutionFailure failure = assertThrows(DependencyResolutionFailure.class,
                    () -> resolver.resolve(List.of(MavenCoordinate.of(G, "nope", "1.0"))));

            String prefix = "Could not resolve org.lmlab.test:nope:1.0: downloading it from dead (" + dead.url()
                    + ") failed (";
            // The reason is the operating system's ("Connection refused" normally), so only its shape is fixed.
            assertTrue(failure.getMessage().startsWith(prefix), failure.getMessage());
            assertTrue(failure.getMessage().endsWith(")."), failure.getMessage());
            assertTrue(failure.getMessage().length() > prefix.length() + 2, failure.getMessage());
            assertEquals(1, failure.getMessage().lines().count(), failure.getMessage());
        }
    }
}

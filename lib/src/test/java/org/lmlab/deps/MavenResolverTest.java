package org.lmlab.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.aether.resolution.DependencyResolutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolves against the local repository this project's own build filled (the one Maven used, honouring
 * {@code maven.repo.local}), offline so that no test touches the network.
 */
class MavenResolverTest {

    private static MavenResolver offline;

    @BeforeAll
    static void createResolver() {
        offline = MavenResolver.builder().offline(true).build();
    }

    @AfterAll
    static void closeResolver() {
        offline.close();
    }

    @Test
    void defaultsToMavensLocalRepositoryAndCentralOnline() {
        try (MavenResolver resolver = MavenResolver.builder().build()) {
            assertEquals(MavenResolver.defaultLocalRepository(System.getProperty("maven.repo.local"),
                    System.getProperty("user.home")), resolver.localRepository());
            assertEquals(List.of(MavenRepository.CENTRAL), resolver.remoteRepositories());
            assertEquals("https://repo.maven.apache.org/maven2/", MavenRepository.CENTRAL.url().toString());
            assertFalse(resolver.offline());
        }
    }

    @Test
    void defaultLocalRepositoryHonoursMavenRepoLocal() {
        assertEquals(Path.of("/opt/m2repo"), MavenResolver.defaultLocalRepository("/opt/m2repo", "/home/u"));
        assertEquals(Path.of("/home/u/.m2/repository"), MavenResolver.defaultLocalRepository(null, "/home/u"));
        assertEquals(Path.of("/home/u/.m2/repository"), MavenResolver.defaultLocalRepository(" ", "/home/u"));
    }

    @Test
    void builderRejectsDuplicateRepositoryIds() {
        MavenResolver.Builder builder = MavenResolver.builder()
                .addRemoteRepository(MavenRepository.of("central", "https://example.org/maven2/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("two remote repositories share the id 'central'", e.getMessage());
    }

    /** slf4j-api is one of lib's own dependencies: in the local repository before lib's tests run, even from nothing. */
    @Test
    void resolvesAnArtifactFromTheLocalRepository() throws Exception {
        Resolution resolution = offline.resolve(List.of(MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17")));

        assertEquals(List.of(MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17")), resolution.artifacts());
        assertEquals(1, resolution.jars().size());
        Path jar = resolution.jars().get(0);
        assertEquals("slf4j-api-2.0.17.jar", jar.getFileName().toString());
        assertTrue(Files.isRegularFile(jar), jar + " should exist");
        assertTrue(jar.startsWith(offline.localRepository()), jar + " should be in " + offline.localRepository());
    }

    @Test
    void resolvesTransitiveDependenciesAfterTheRequestedArtifact() throws Exception {
        Resolution resolution = offline.resolve(List.of(MavenCoordinate.parse("org.slf4j:slf4j-simple:2.0.17")));

        assertEquals(List.of(MavenCoordinate.parse("org.slf4j:slf4j-simple:2.0.17"),
                MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17")), resolution.artifacts());
        assertEquals(List.of("slf4j-simple-2.0.17.jar", "slf4j-api-2.0.17.jar"), fileNames(resolution));
        resolution.jars().forEach(jar -> assertTrue(Files.isRegularFile(jar), jar + " should exist"));
    }

    @Test
    void listsAJarNeededTwiceOnlyOnce() throws Exception {
        Resolution resolution = offline.resolve(List.of(MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17"),
                MavenCoordinate.parse("org.slf4j:slf4j-simple:2.0.17"),
                MavenCoordinate.parse("org.slf4j:slf4j-api:2.0.17")));

        assertEquals(List.of("slf4j-api-2.0.17.jar", "slf4j-simple-2.0.17.jar"), fileNames(resolution));
        assertEquals(2, resolution.artifacts().size());
    }

    @Test
    void resolvingNothingGivesAnEmptyResolution() throws Exception {
        assertEquals(Resolution.empty(), offline.resolve(List.of()));
    }

    @Test
    void missingArtifactOfflineFailsWithOneClearSentence() {
        // Another process (an online %maven test) may have left markers; only ours matter.
        boolean existedBefore = Files.exists(offline.localRepository().resolve("org/lmlab/nonexistent"));
        DependencyResolutionFailure failure = assertThrows(DependencyResolutionFailure.class,
                () -> offline.resolve(List.of(MavenCoordinate.parse("org.lmlab.nonexistent:nope:0.0.1"))));

        assertEquals("Could not resolve org.lmlab.nonexistent:nope:0.0.1: it is not in the local repository ("
                + offline.localRepository() + ") and offline mode is on, so no remote repository was searched.",
                failure.getMessage());
        assertInstanceOf(DependencyResolutionException.class, failure.getCause());
        // Offline resolution must not leave marker files for the missing artifact behind.
        assertEquals(existedBefore, Files.exists(offline.localRepository().resolve("org/lmlab/nonexistent")));
    }

    @Test
    void aClosedResolverRefusesWork() {
        MavenResolver resolver = MavenResolver.builder().offline(true).build();
        resolver.close();
        resolver.close(); // closing twice is harmless
        assertThrows(IllegalStateException.class, () -> resolver.resolve(List.of()));
    }

    private static List<String> fileNames(Resolution resolution) {
        return resolution.jars().stream().map(p -> p.getFileName().toString()).toList();
    }
}

package org.lmlab.deps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.DefaultRepositoryCache;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.resolution.ResolutionErrorPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

/**
 * Resolves Maven coordinates with their runtime dependencies to jar files, the way
 * {@code mvn dependency:resolve} would, using Maven Resolver.
 *
 * <p>Thread-safe: each {@link #resolve} call uses its own resolver session. Holds a resolver
 * instance with background resources, so {@linkplain #close() close} it when done.
 */
public final class MavenResolver implements AutoCloseable {

    /** How long a download may stall before it is abandoned; the resolver's default (30 minutes) would hang a cell. */
    private static final int STALLED_DOWNLOAD_TIMEOUT_MS = 60_000;

    private final Path localRepository;
    private final List<MavenRepository> remoteRepositories;
    private final boolean offline;
    private final RepositorySystem system;
    private final FailureExplainer explainer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MavenResolver(Builder builder) {
        this.localRepository = builder.localRepository != null
                ? builder.localRepository.toAbsolutePath().normalize()
                : defaultLocalRepository(System.getProperty("maven.repo.local"), System.getProperty("user.home"));
        this.remoteRepositories = List.copyOf(builder.remoteRepositories);
        this.offline = builder.offline;
        this.explainer = new FailureExplainer(localRepository, offline, remoteRepositories);
        this.system = new RepositorySystemSupplier().get();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path localRepository() {
        return localRepository;
    }

    public List<MavenRepository> remoteRepositories() {
        return remoteRepositories;
    }

    public boolean offline() {
        return offline;
    }

    /**
     * Resolves the coordinates together with their compile and runtime dependencies (test, provided
     * and optional dependencies of dependencies are left out, as Maven does), downloading what the
     * local repository lacks unless offline.
     *
     * @throws DependencyResolutionFailure with a short user-facing message when anything cannot be resolved
     */
    public Resolution resolve(List<MavenCoordinate> coordinates) throws DependencyResolutionFailure {
        Objects.requireNonNull(coordinates, "coordinates");
        if (closed.get()) {
            throw new IllegalStateException("this MavenResolver is closed");
        }
        if (coordinates.isEmpty()) {
            return Resolution.empty();
        }
        DefaultRepositorySystemSession session = newSession();
        CollectRequest collect = new CollectRequest();
        for (MavenCoordinate coordinate : coordinates) {
            collect.addDependency(new Dependency(ArtifactMapping.toArtifact(coordinate), JavaScopes.RUNTIME));
        }
        collect.setRepositories(system.newResolutionRepositories(session, toRemoteRepositories()));
        DependencyRequest request =
                new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            return toResolution(system.resolveDependencies(session, request));
        } catch (DependencyResolutionException e) {
            throw new DependencyResolutionFailure(explainer.explain(e, coordinates), e);
        }
    }

    /** Releases the resolver's resources; later {@link #resolve} calls fail. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            system.shutdown();
        }
    }

    /** {@code maven.repo.local} when set, as Maven honours it, otherwise {@code ~/.m2/repository}. */
    static Path defaultLocalRepository(String mavenRepoLocal, String userHome) {
        Path path = mavenRepoLocal != null && !mavenRepoLocal.isBlank()
                ? Path.of(mavenRepoLocal)
                : Path.of(Objects.requireNonNull(userHome, "user.home"), ".m2", "repository");
        return path.toAbsolutePath().normalize();
    }

    private DefaultRepositorySystemSession newSession() {
        // Maven's own dependency-graph rules: scopes, optional dependencies, exclusions, nearest-wins conflicts.
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setOffline(offline);
        // Search only the configured repositories: otherwise every dependency POM (through Maven's super
        // POM) adds Maven Central and its own <repositories>, so private or offline setups would still
        // reach out to hosts nobody chose, and failure messages could not say where was searched.
        session.setIgnoreArtifactDescriptorRepositories(true);
        // Dependency POMs may activate profiles by JDK version or OS, which are read from these properties.
        session.setSystemProperties(System.getProperties());
        // Do not remember "not found" or network errors: a notebook user retries right after fixing the cause.
        session.setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(ResolutionErrorPolicy.CACHE_DISABLED));
        session.setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, STALLED_DOWNLOAD_TIMEOUT_MS);
        session.setCache(new DefaultRepositoryCache());
        session.setLocalRepositoryManager(
                system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        return session;
    }

    private List<RemoteRepository> toRemoteRepositories() {
        List<RemoteRepository> repositories = new ArrayList<>();
        for (MavenRepository repository : remoteRepositories) {
            repositories.add(new RemoteRepository.Builder(repository.id(), "default", repository.url().toString())
                    .build());
        }
        return repositories;
    }

    private static Resolution toResolution(DependencyResult result) {
        Set<Path> jars = new LinkedHashSet<>();
        Set<MavenCoordinate> artifacts = new LinkedHashSet<>();
        for (ArtifactResult artifactResult : result.getArtifactResults()) {
            Artifact artifact = artifactResult.getArtifact();
            artifacts.add(ArtifactMapping.toCoordinate(artifact));
            // Only jars belong on a class path; a requested POM contributes its dependencies, not itself.
            if ("jar".equals(artifact.getExtension()) && artifact.getFile() != null) {
                jars.add(artifact.getFile().toPath().toAbsolutePath().normalize());
            }
        }
        return new Resolution(new ArrayList<>(jars), new ArrayList<>(artifacts));
    }

    /** Configures a {@link MavenResolver}; defaults: Maven's local repository, Maven Central, online. */
    public static final class Builder {

        private Path localRepository;
        private final List<MavenRepository> remoteRepositories = new ArrayList<>(List.of(MavenRepository.CENTRAL));
        private boolean offline;

        private Builder() {
        }

        /** Where artifacts are cached; defaults to {@code maven.repo.local} or {@code ~/.m2/repository}. */
        public Builder localRepository(Path path) {
            this.localRepository = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Replaces the remote repositories (Maven Central by default); an empty list means local only. */
        public Builder remoteRepositories(List<MavenRepository> repositories) {
            List<MavenRepository> copy = List.copyOf(repositories);
            remoteRepositories.clear();
            remoteRepositories.addAll(copy);
            return this;
        }

        /** Adds a remote repository after those already configured. */
        public Builder addRemoteRepository(MavenRepository repository) {
            remoteRepositories.add(Objects.requireNonNull(repository, "repository"));
            return this;
        }

        /** When on, nothing is downloaded: only what the local repository holds can be resolved. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public MavenResolver build() {
            Set<String> ids = new HashSet<>();
            for (MavenRepository repository : remoteRepositories) {
                if (!ids.add(repository.id())) {
                    throw new IllegalArgumentException("two remote repositories share the id '" + repository.id() + "'");
                }
            }
            return new MavenResolver(this);
        }
    }
}

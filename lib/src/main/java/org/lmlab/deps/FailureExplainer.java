package org.lmlab.deps;

import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;

/**
 * Turns the resolver's exceptions, whose messages are long and nested, into one or two sentences a
 * notebook user can act on: which artifact, why it was needed, and where it was looked for.
 */
final class FailureExplainer {

    private final Path localRepository;
    private final boolean offline;
    private final List<MavenRepository> repositories;
    private final Map<String, MavenRepository> repositoriesById;

    FailureExplainer(Path localRepository, boolean offline, List<MavenRepository> repositories) {
        this.localRepository = localRepository;
        this.offline = offline;
        this.repositories = List.copyOf(repositories);
        this.repositoriesById = repositories.stream()
                .collect(Collectors.toUnmodifiableMap(MavenRepository::id, Function.identity()));
    }

    String explain(DependencyResolutionException failure, List<MavenCoordinate> requested) {
        DependencyResult result = failure.getResult();
        List<ArtifactResult> unresolved = result.getArtifactResults().stream()
                .filter(r -> !r.isResolved())
                .toList();
        if (!unresolved.isEmpty()) {
            String first = explainArtifact(unresolved.get(0), result.getRoot());
            int others = unresolved.size() - 1;
            return others == 0 ? first
                    : first + " " + others + (others == 1 ? " other artifact" : " other artifacts")
                            + " could not be resolved either.";
        }
        // Collection failures (for example an unsatisfiable version range) happen before any jar is fetched.
        Throwable reason = result.getCollectExceptions().isEmpty() ? failure : result.getCollectExceptions().get(0);
        return "Could not resolve " + joinWithAnd(requested.stream().map(MavenCoordinate::toString).toList())
                + ": " + rootCauseText(reason) + ".";
    }

    private String explainArtifact(ArtifactResult result, DependencyNode root) {
        String subject = ArtifactMapping.toCoordinate(result.getRequest().getArtifact())
                + requiredBy(result.getRequest().getDependencyNode(), root);
        List<Exception> errors = result.getExceptions();
        // A transfer error (network, HTTP status, checksum) means the search was inconclusive, which
        // matters more to the user than "not found" answers from the other repositories.
        for (Exception error : errors) {
            if (error instanceof ArtifactTransferException transfer && !(error instanceof ArtifactNotFoundException)) {
                return "Could not resolve " + subject + ": downloading it from " + describe(transfer.getRepository())
                        + " failed (" + rootCauseText(transfer) + ").";
            }
        }
        if (offline) {
            return "Could not resolve " + subject + ": it is not in the local repository (" + localRepository
                    + ") and offline mode is on, so no remote repository was searched.";
        }
        List<String> searched = notFoundIn(errors);
        if (searched.isEmpty()) {
            return "Could not resolve " + subject + ": it is not in the local repository (" + localRepository
                    + ") and no remote repository is configured.";
        }
        return "Could not resolve " + subject + ": not found in " + String.join(", ", searched)
                + " or the local repository (" + localRepository + ").";
    }

    /** The remote repositories that answered "not found"; all configured ones if the errors name none. */
    private List<String> notFoundIn(List<Exception> errors) {
        List<String> named = errors.stream()
                .filter(ArtifactNotFoundException.class::isInstance)
                .map(e -> ((ArtifactNotFoundException) e).getRepository())
                .filter(Objects::nonNull) // the local repository's own "not found" names no remote repository
                .map(this::describe)
                .distinct()
                .toList();
        return named.isEmpty() ? repositories.stream().map(MavenRepository::describe).toList() : named;
    }

    /** " (required by a:b:1 -> c:d:2)" for a transitive dependency, "" for one the user asked for. */
    private static String requiredBy(DependencyNode target, DependencyNode root) {
        if (target == null || root == null) {
            return "";
        }
        Deque<DependencyNode> path = new ArrayDeque<>();
        Set<DependencyNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!findPath(root, target, path, visited)) {
            return "";
        }
        List<String> chain = path.stream()
                .filter(node -> node != target && node.getArtifact() != null)
                .map(node -> ArtifactMapping.toCoordinate(node.getArtifact()).toString())
                .toList();
        return chain.isEmpty() ? "" : " (required by " + String.join(" -> ", chain) + ")";
    }

    /** Depth-first search by identity; the visited set guards against cycles in the graph. */
    private static boolean findPath(DependencyNode node, DependencyNode target, Deque<DependencyNode> path,
            Set<DependencyNode> visited) {
        if (!visited.add(node)) {
            return false;
        }
        path.addLast(node);
        if (node == target) {
            return true;
        }
        for (DependencyNode child : node.getChildren()) {
            if (findPath(child, target, path, visited)) {
                return true;
            }
        }
        path.removeLast();
        return false;
    }

    private String describe(RemoteRepository repository) {
        if (repository == null) {
            return "a remote repository";
        }
        MavenRepository configured = repositoriesById.get(repository.getId());
        // Repositories declared inside dependency POMs are not configured here; show their id.
        String name = configured != null ? configured.name() : repository.getId();
        return name + " (" + repository.getUrl() + ")";
    }

    /** The innermost cause's first line: the resolver wraps the useful part in several generic layers. */
    private static String rootCauseText(Throwable error) {
        Throwable innermost = error;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        if (message == null || message.isBlank()) {
            return innermost.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        if (line.endsWith(".")) {
            line = line.substring(0, line.length() - 1);
        }
        return innermost instanceof UnknownHostException ? "unknown host " + line : line;
    }

    private static String joinWithAnd(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}

package org.lmlab.magics.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.deps.DependencyResolutionFailure;
import org.lmlab.deps.MavenCoordinate;
import org.lmlab.deps.MavenRepository;
import org.lmlab.deps.MavenResolver;
import org.lmlab.deps.Resolution;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %maven g:a:v...}: resolve artifacts with their runtime dependencies and add the jars. */
@Command(name = "maven", description = "Resolve Maven artifacts (with runtime dependencies) and add their jars to the class path.",
        footer = {"", "Coordinates: group:artifact:version, group:artifact:extension:version or",
                "             group:artifact:extension:classifier:version",
                "Looks in the local repository (~/.m2/repository) first, then Maven Central.",
                "", "Examples:", "  %%maven org.apache.commons:commons-math3:3.6.1",
                "  %%maven --offline com.google.code.gson:gson:2.13.1"})
public final class MavenMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @Parameters(arity = "1..*", paramLabel = "COORDINATE", description = "Artifacts to add.")
    List<String> coordinates = new ArrayList<>();

    @Option(names = "--offline", description = "Use only the local repository.")
    boolean offline;

    @Option(names = "--repo", paramLabel = "URL", description = "An extra remote repository (repeatable).")
    List<String> repositories = new ArrayList<>();

    @Override
    public Object run(MagicCall call, MagicContext context) throws MagicUsageException, MagicFailure {
        List<MavenCoordinate> wanted = new ArrayList<>();
        for (String text : coordinates) {
            try {
                wanted.add(MavenCoordinate.parse(text));
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException(call.typed() + ": " + e.getMessage(), "%maven COORDINATE... (--help)");
            }
        }
        MavenResolver.Builder builder = MavenResolver.builder().offline(offline);
        for (int i = 0; i < repositories.size(); i++) {
            try {
                builder.addRemoteRepository(MavenRepository.of("repo" + (i + 1), repositories.get(i)));
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException(call.typed() + ": " + e.getMessage(), "--repo URL");
            }
        }
        Resolution resolution;
        try (MavenResolver resolver = builder.build()) {
            resolution = resolver.resolve(wanted);
        } catch (DependencyResolutionFailure e) {
            throw new MagicFailure(e.getMessage(), e);
        }
        List<Path> jars = resolution.jars();
        context.addToClasspath(jars);
        context.out().println("Added " + jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + " to the class path: "
                + resolution.artifacts());
        return null;
    }
}

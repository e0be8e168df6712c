package org.lmlab.magics.core;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code %classpath [PATH...]}: show the session's class path, or add jars and directories to it. */
@Command(name = "classpath", description = "Show the session's class path, or add jars/directories to it.",
        footer = {"", "Examples:", "  %%classpath", "  %%classpath lib/extra.jar build/classes"})
public final class ClasspathMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Jar files or class directories to add.")
    List<Path> paths = new ArrayList<>();

    @Override
    public Object run(MagicCall call, MagicContext context) throws MagicUsageException {
        if (!paths.isEmpty()) {
            List<Path> absolute = new ArrayList<>();
            for (Path path : paths) {
                if (!Files.exists(path)) {
                    throw new MagicUsageException(call.typed() + ": no such file or directory: " + path.toAbsolutePath(),
                            "%classpath [PATH...]");
                }
                absolute.add(path.toAbsolutePath().normalize());
            }
            context.addToClasspath(absolute);
            context.out().println("Added to the class path: " + absolute);
            return null;
        }
        StringBuilder listing = new StringBuilder();
        for (Path entry : context.classpath()) {
            listing.append(entry).append(File.separatorChar == '/' ? "\n" : System.lineSeparator());
        }
        context.out().print(listing);
        return null;
    }
}

package org.lmlab.magics.extrapolate;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.lang.model.SourceVersion;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.table.TableVariables;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code %extrapolate results FILE}: a sweep's results file as a table, without a model and without running. */
@Command(name = "results", description = "Read the results file of a sweep (finished, stopped or still running "
        + "elsewhere) as a table, without loading a model or running a cell: the rows written so far, in grid order. "
        + "The file's header (model, task, methods, lengths) is printed.",
        footer = {"", "Examples:", "  %%extrapolate results bench/results/smollm2-ppl.jsonl --as ppl",
                "  %%extrapolate plot ppl --table ppl"})
final class ResultsCommand implements MagicCommand {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The results file (JSON Lines) a sweep wrote with --out.")
    Path file;

    @Option(names = "--as", defaultValue = "sweep", paramLabel = "NAME", description = "Table (and variable) name "
            + "(default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replace", description = "Replace a variable of the same name that is not a Table.")
    boolean replace;

    @Option(names = "--quiet", description = "Do not print the file's header.")
    boolean quiet;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        if (!SourceVersion.isName(name)) {
            throw new MagicUsageException("--as " + name + " is not a Java variable name", usage);
        }
        if (!Files.isRegularFile(file)) {
            throw new MagicUsageException("no results file at " + file.toAbsolutePath(), usage);
        }
        TableVariables.claim(context, name, replace, "%extrapolate results --as " + name,
                "%extrapolate results FILE --as OTHER_NAME, or --replace");
        ResultsFile.Contents contents;
        Table table;
        try {
            contents = ResultsFile.read(file);
            table = Sweep.table(context.tables().allocator(), file, contents);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new MagicFailure("%extrapolate results: " + e.getMessage(), e);
        }
        TableVariables.publish(context, name, table);
        if (!quiet) {
            context.out().println(String.format(Locale.ROOT, "%s: %d rows (lmlab %s)%n%s", file.getFileName(),
                    table.rowCount(), contents.lmlabVersion(), contents.definition().strip().indent(2)));
        }
        return table;
    }
}

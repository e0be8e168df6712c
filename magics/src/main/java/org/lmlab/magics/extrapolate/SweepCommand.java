package org.lmlab.magics.extrapolate;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.SourceVersion;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.table.TableVariables;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.TextFile;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.PerplexityTask;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code %extrapolate sweep}: a method × length grid on the loaded model, rows saved as each cell ends. */
@Command(name = "sweep", description = "Run a grid of extrapolation methods × input lengths on the loaded model "
        + "(task ppl: perplexity of the first LENGTH tokens of a text, windows of LENGTH tokens). Each finished cell "
        + "is appended to a results file at once, so a sweep that is stopped or killed continues with --resume and "
        + "ends with the table an uninterrupted run gives. The result becomes a table and variable (--as).",
        footer = {"", "Methods: none, linear:F, ntk:F, dynamic:F, yarn:F, llama3:F, lminfinite[:G+L[+CAP]],",
                "sinks[:S+R], sliding:W, nope, alibi[:B], or SCALING/WINDOW (yarn:4/sinks:4+2000). Lengths take",
                "k suffixes (1k = 1024). Before each cell the memory it needs is compared with what the machine",
                "has free; a cell that would not fit is refused with both figures.", "", "Examples:",
                "  %%extrapolate sweep --methods none,yarn:4,sinks:4+252 --lengths 256,512,1k --file book.txt",
                "  %%extrapolate sweep --methods none,lminfinite --lengths 1k,2k --file book.txt --out s.jsonl",
                "  %%extrapolate sweep --methods none,lminfinite --lengths 1k,2k --file b.txt --out s.jsonl --resume"})
final class SweepCommand implements MagicCommand {

    @Mixin
    HelpOption help;

    @ParentCommand
    ExtrapolateMagic parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--methods", required = true, split = ",", paramLabel = "M,M,...",
            description = "Methods to compare (see below).")
    List<String> methods;

    @Option(names = "--lengths", required = true, split = ",", paramLabel = "N,N,...",
            description = "Input lengths in tokens (k = 1024).")
    List<String> lengths;

    @Option(names = "--task", defaultValue = "ppl", paramLabel = "TASK", description = "The task: ppl "
            + "(default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--file", paramLabel = "PATH", description = "The text to score (UTF-8 unless --encoding).")
    Path file;

    @Option(names = "--text", paramLabel = "TEXT", description = "The text itself, instead of --file.")
    String text;

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET", description = "Encoding of --file "
            + "(default: ${DEFAULT-VALUE}).")
    Charset encoding;

    @Option(names = "--stride", defaultValue = "0", paramLabel = "S", description = "Tokens between windows; 0: the "
            + "cell's length, disjoint windows (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--bucket", defaultValue = "0", paramLabel = "B", description = "Also record the mean loss per "
            + "bucket of B token positions (the per-position curve); 0: none (default: ${DEFAULT-VALUE}).")
    int bucket;

    @Option(names = "--out", paramLabel = "PATH", description = "The results file (JSON Lines, one row per cell; "
            + "default: a temporary file).")
    Path out;

    @Option(names = "--resume", description = "Continue the sweep in --out: cells already there are kept and skipped.")
    boolean resume;

    @Option(names = "--as", defaultValue = "sweep", paramLabel = "NAME", description = "Table (and variable) name "
            + "(default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replace", description = "Replace a variable of the same name that is not a Table.")
    boolean replace;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        if (!task.equals("ppl")) {
            throw new MagicUsageException("unknown task '" + task + "'; this version runs ppl", usage);
        }
        if (!SourceVersion.isName(name)) {
            throw new MagicUsageException("--as " + name + " is not a Java variable name", usage);
        }
        if ((file == null) == (text == null)) {
            throw new MagicUsageException("give the text to score with --file PATH or --text TEXT (one of them)", usage);
        }
        if (resume && out == null) {
            throw new MagicUsageException("--resume continues the results file given with --out", usage);
        }
        LanguageModel model = parent.loadedModel().orElseThrow(() -> new MagicUsageException(
                "no model is loaded; load one first", "%model load smollm2-135m"));
        List<Integer> tokens = parseLengths(usage);
        List<MethodSpec> specs = new ArrayList<>();
        for (String m : methods) {
            try {
                specs.add(MethodSpec.parse(m.strip(), model.config().contextLength()));
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException(e.getMessage(), usage);
            }
        }
        String body = text;
        String source = "--text";
        if (file != null) {
            try {
                body = TextFile.read(file, encoding);
            } catch (TextFile.Problem e) {
                throw new MagicFailure("%extrapolate sweep --file " + e.getMessage(), e);
            }
            source = file.getFileName().toString();
        }
        PerplexityTask ppl;
        SweepGrid grid;
        try {
            ppl = new PerplexityTask(source, body, stride, 0, bucket);
            grid = SweepGrid.of(model.name(), ppl, specs, tokens);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
        Path results = out != null ? out : java.nio.file.Files.createTempFile("lmlab-sweep", ".jsonl");
        if (out == null) {
            java.nio.file.Files.delete(results); // a fresh file: the sweep refuses to overwrite one
        }
        TableVariables.claim(context, name, replace, "%extrapolate sweep --as " + name,
                "%extrapolate sweep ... --as OTHER_NAME, or --replace");
        Sweep.Outcome outcome;
        try {
            outcome = Sweep.on(model, ppl, grid).results(results).resume(resume).progress(context.progress())
                    .run(context.tables().allocator());
        } catch (IllegalArgumentException | IllegalStateException | Sweep.InsufficientMemoryException e) {
            throw new MagicFailure("%extrapolate sweep: " + e.getMessage(), e);
        }
        Table table = outcome.table();
        TableVariables.publish(context, name, table);
        outcome.repaired().ifPresent(note -> context.out().println(note));
        context.out().println(String.format(Locale.ROOT, "%d cells run, %d kept from %s; rows in %s", outcome.ran(),
                outcome.skipped(), resume ? "the earlier run" : "no earlier run", results));
        return table;
    }

    private List<Integer> parseLengths(String usage) throws MagicUsageException {
        List<Integer> parsed = new ArrayList<>();
        for (String raw : lengths) {
            String s = raw.strip().toLowerCase(Locale.ROOT);
            try {
                long n = s.endsWith("k") ? Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1024)
                        : Long.parseLong(s);
                if (n < 2 || n > Integer.MAX_VALUE) {
                    throw new MagicUsageException("length " + raw + " must be at least 2 tokens", usage);
                }
                parsed.add((int) n);
            } catch (NumberFormatException e) {
                throw new MagicUsageException("length '" + raw + "' is not a number of tokens (e.g. 512 or 2k)", usage);
            }
        }
        return parsed;
    }
}

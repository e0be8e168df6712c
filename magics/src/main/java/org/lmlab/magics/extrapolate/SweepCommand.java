package org.lmlab.magics.extrapolate;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import javax.lang.model.SourceVersion;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.ResultsFileOptions;
import org.lmlab.magics.spark.OnSpark;
import org.lmlab.magics.spark.SparkFailures;
import org.lmlab.magics.table.TableVariables;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.TextFile;
import org.lmlab.model.extrapolation.passkey.NeedleTask;
import org.lmlab.model.extrapolation.sweep.AccuracyTable;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.PerplexitySpec;
import org.lmlab.model.extrapolation.sweep.RetrievalSpec;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.model.extrapolation.sweep.SweepTask;
import org.lmlab.model.extrapolation.sweep.SweepTaskSpec;
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.scaleout.SweepRequest;
import org.lmlab.table.Table;
import org.lmlab.table.display.TableRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code %extrapolate sweep}: a method × length (× depth × seed) grid of a task on the loaded model,
 * rows saved as each cell ends. Argument checks and display only; the tasks and the runner are
 * org.lmlab.model.extrapolation.sweep's.
 */
@Command(name = "sweep", description = "Run a grid of extrapolation methods × input lengths (× needle depths × "
        + "seeds) of a task on the loaded model: ppl (perplexity), passkey or needle (retrieval trials). Each finished "
        + "cell is appended to a results file at once, so a sweep that is stopped or killed continues with --resume "
        + "and ends with the table an uninterrupted run gives. The result becomes a table and variable (--as).",
        footer = {"", "Tasks:",
                "  ppl      perplexity at each length: the first LENGTH tokens of one text in windows of LENGTH",
                "           (--protocol sliding), or the first LENGTH tokens of each document of --documents",
                "           long enough, one window each (--protocol documents).",
                "  passkey  one trial per cell: the landmark-attention passkey prompt of exactly LENGTH tokens,",
                "           its 5-digit key at the depth, answered greedily (10 tokens), exact match.",
                "  needle   the same with RULER's needle-in-a-haystack prompts (--needle).",
                "After passkey and needle the accuracy per method, length and depth is printed, with its 95%%",
                "Wilson interval.", "", "Methods: none, linear:F, ntk:F, dynamic:F, yarn:F, llama3:F, lminfinite[:G+L[+CAP]],",
                "sinks[:S+R], sliding:W, nope, alibi[:B], or SCALING/WINDOW (yarn:4/sinks:4+2000). Lengths take",
                "k and m suffixes (1k = 1024, 1m = 1024k). Before anything runs, the largest cell's memory is",
                "compared with what the machine has free, and again before each cell; a cell that would not",
                "fit is refused with both figures. Passkey and needle trials use seeds S .. S+N-1 (--seed,",
                "--trials); the seed draws the key (and the needles).", "", "Examples (ppl):",
                "  %%extrapolate sweep --methods none,yarn:4,sinks:4+252 --lengths 256,512,1k --file book.txt",
                "  %%extrapolate sweep --methods none,lminfinite --lengths 1k,2k --file b.txt --bucket 64",
                "  %%extrapolate sweep --methods none,lminfinite --lengths 1k,2k --file b.txt --out s.jsonl",
                "  %%extrapolate sweep --methods none,lminfinite --lengths 1k,2k --file b.txt --out s.jsonl --resume",
                "  %%extrapolate sweep --methods none,yarn:4 --lengths 1k --protocol documents --documents pg19.jsonl",
                "  %%extrapolate sweep --methods none,yarn:4 --lengths 1k --protocol documents --documents essays/",
                "Examples (passkey, needle):",
                "  %%extrapolate sweep --task passkey --methods none,yarn:4 --lengths 4k,8k --depths 0.1,0.5,0.9",
                "  %%extrapolate sweep --task passkey --methods none,sinks --lengths 2k --trials 10 --seed 100",
                "  %%extrapolate sweep --task needle --needle multikey --methods none,lminfinite --lengths 2k,4k"})
final class SweepCommand implements MagicCommand {

    /** What a sweep measures. */
    enum Task {
        ppl, passkey, needle
    }

    /** How the ppl task takes its input. */
    enum Protocol {
        sliding, documents
    }

    /** RULER's niah variants. */
    enum Needle {
        single(NeedleTask::single), multikey(NeedleTask::multiKey), multivalue(NeedleTask::multiValue);

        private final Supplier<NeedleTask> task;

        Needle(Supplier<NeedleTask> task) {
            this.task = task;
        }
    }

    static final List<Double> DEFAULT_DEPTHS = List.of(0.1, 0.5, 0.9);
    static final int DEFAULT_TRIALS = 3;
    static final long DEFAULT_SEED = 1;

    @Mixin
    HelpOption help;

    @ParentCommand
    ExtrapolateMagic parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--methods", required = true, split = ",", paramLabel = "M,M,...",
            description = "Methods to compare (see below).")
    List<String> methods;

    @Option(names = "--lengths", required = true, split = ",", paramLabel = "N,N,...", converter = TokenCount.class,
            description = "Input lengths in tokens (k = 1024, m = 1024k); a passkey or needle prompt holds exactly N.")
    List<Integer> lengths;

    @Option(names = "--task", defaultValue = "ppl", paramLabel = "TASK", description = "The task: "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Task task;

    @Option(names = "--depths", split = ",", paramLabel = "D,D,...", description = "passkey, needle: relative depths "
            + "of the needle in [0, 1], 0 right after the instruction, 1 just before the question (default: 0.1,0.5,0.9).")
    List<String> depths;

    @Option(names = "--trials", paramLabel = "N", description = "passkey, needle: trials per method, length and depth, "
            + "one seed each (default: " + DEFAULT_TRIALS + ").")
    Integer trials;

    @Option(names = "--seed", paramLabel = "S", description = "passkey, needle: the first trial's seed; trials use "
            + "S .. S+N-1 (default: " + DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--needle", paramLabel = "KIND", description = "needle: RULER's variant, ${COMPLETION-CANDIDATES} "
            + "(default: single): one key; four keys, one asked; one key with four values.")
    Needle needle;

    @Option(names = "--protocol", paramLabel = "P", description = "ppl: ${COMPLETION-CANDIDATES} (default: sliding): "
            + "windows over the first tokens of one text (--file or --text), or the first LENGTH tokens of each "
            + "document of --documents, one window each, documents shorter than LENGTH skipped.")
    Protocol protocol;

    @Option(names = "--file", paramLabel = "PATH", description = "ppl sliding: the text to score (UTF-8 unless "
            + "--encoding).")
    Path file;

    @Option(names = "--text", paramLabel = "TEXT", description = "ppl sliding: the text itself, instead of --file.")
    String text;

    @Option(names = "--documents", paramLabel = "PATH", description = "ppl documents: a JSON Lines file (one object "
            + "per line, the text in --field) or a directory of .txt files (one document each, sorted by name).")
    Path documents;

    @Option(names = "--field", paramLabel = "NAME", description = "ppl documents: the JSON field holding each "
            + "document's text (default: text).")
    String field;

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET", description = "Encoding of --file "
            + "and of a --documents directory's files (default: ${DEFAULT-VALUE}; JSON Lines are UTF-8).")
    Charset encoding;

    @Option(names = "--stride", paramLabel = "S", description = "ppl sliding: tokens between windows (default: the "
            + "cell's length, disjoint windows).")
    Integer stride;

    @Option(names = "--bucket", paramLabel = "B", description = "ppl: also record the mean loss per bucket of B "
            + "token positions (the per-position curve; default: none).")
    Integer bucket;

    @Mixin
    ResultsFileOptions out;

    @Option(names = "--as", defaultValue = "sweep", paramLabel = "NAME", description = "Table (and variable) name "
            + "(default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replace", description = "Replace a variable of the same name that is not a Table.")
    boolean replace;

    @Option(names = "--on", defaultValue = "local", paramLabel = "WHERE", description = "Where the cells run: local "
            + "(the loaded model, in this kernel) or spark (the session of %%spark connect: one task per cell, the "
            + "model file and the text shipped to the executors, each loading the model once; the same table). "
            + "Default: ${DEFAULT-VALUE}.")
    String on;

    private String usage;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        context.provenance().datasets(file, documents);
        usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        if (!SourceVersion.isName(name)) {
            throw usage("--as " + name + " is not a Java variable name");
        }
        Path results = out.path("lmlab-sweep", usage);
        boolean resume = out.resume();
        LanguageModel model = parent.loadedModel().orElseThrow(() -> new MagicUsageException(
                "no model is loaded; load one first", "%model load smollm2-135m"));
        List<MethodSpec> specs = new ArrayList<>();
        for (String m : methods) {
            try {
                specs.add(MethodSpec.parse(m.strip(), model.config().contextLength()));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        boolean retrieval = task != Task.ppl;
        SweepTaskSpec taskSpec = retrieval ? retrievalSpec() : perplexitySpec();
        SweepTask sweepTask = localTask(taskSpec);
        SweepGrid grid;
        try {
            grid = new SweepGrid(model.name(), sweepTask.definition(), specs, lengths,
                    retrieval ? parseDepths() : List.of(), retrieval ? seeds() : List.of());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        ScaleOut.Session spark = OnSpark.session(context, on, "%extrapolate sweep", usage);
        TableVariables.claim(context, name, replace, "%extrapolate sweep --as " + name,
                "%extrapolate sweep ... --as OTHER_NAME, or --replace");
        Sweep.Outcome outcome;
        try {
            if (spark == null) {
                outcome = Sweep.on(model, sweepTask, grid).results(results).resume(resume).progress(context.progress())
                        .cellProgress(context.progress()).run(context.tables().allocator());
            } else {
                SweepOutcome remote = spark.sweep(new SweepRequest(model.name(), model.path(), model.loadOptions(),
                        taskSpec, grid, results, resume), context.progress(), context.tables().allocator());
                SparkFailures.report(context, remote.failed(), "cell", "have no row (--resume runs them again)");
                outcome = remote.sweep();
            }
        } catch (IllegalArgumentException | IllegalStateException | Sweep.InsufficientMemoryException e) {
            throw new MagicFailure("%extrapolate sweep" + (spark == null ? "" : " --on spark") + ": " + e.getMessage(), e);
        }
        Table table = outcome.table();
        TableVariables.publish(context, name, table);
        outcome.repaired().ifPresent(note -> context.out().println(note));
        context.out().println(String.format(Locale.ROOT, "%d cells run, %d kept from %s; rows in %s", outcome.ran(),
                outcome.skipped(), resume ? "the earlier run" : "no earlier run", results));
        if (retrieval) {
            try (Table accuracy = AccuracyTable.of(table, context.tables().allocator())) {
                context.out().println("Accuracy per method, length and depth (95% Wilson interval):");
                context.out().println(new TableRenderer(accuracy.rowCount(), 0, 20).render(accuracy).plainText());
            }
        }
        return table;
    }

    private MagicUsageException usage(String message) {
        return new MagicUsageException(message, usage);
    }

    /** Refuses options of another task that were given. */
    private void refuse(Map<String, Object> given, String why) throws MagicUsageException {
        for (Map.Entry<String, Object> e : given.entrySet()) {
            if (e.getValue() != null) {
                throw usage(e.getKey() + " " + why);
            }
        }
    }

    private SweepTaskSpec retrievalSpec() throws MagicUsageException {
        refuse(ordered("--protocol", protocol, "--file", file, "--text", text, "--documents", documents, "--field", field,
                "--stride", stride, "--bucket", bucket), "is a ppl option; the " + task + " task builds its own prompts");
        if (task == Task.passkey) {
            refuse(ordered("--needle", needle), "chooses the needle task's variant; use --task needle");
            return RetrievalSpec.passkey();
        }
        return RetrievalSpec.needle((needle == null ? Needle.single : needle).task.get());
    }

    private SweepTaskSpec perplexitySpec() throws MagicUsageException {
        refuse(ordered("--depths", depths, "--trials", trials, "--seed", seed, "--needle", needle),
                "applies to the passkey and needle tasks, not ppl (one row per method and length)");
        int b = nonNegative("--bucket", bucket, "no curve");
        if (protocol == Protocol.documents) {
            refuse(ordered("--file", file, "--text", text, "--stride", stride),
                    "is for --protocol sliding; --protocol documents reads --documents");
            if (documents == null) {
                throw usage("--protocol documents needs --documents PATH (a JSON Lines file or a directory of .txt "
                        + "files)");
            }
            return PerplexitySpec.documents(documents, field == null ? "text" : field, encoding, b);
        }
        refuse(ordered("--documents", documents, "--field", field), "is for --protocol documents");
        if ((file == null) == (text == null)) {
            throw usage("give the text to score with --file PATH or --text TEXT (one of them)");
        }
        int s = nonNegative("--stride", stride, "the cell's length");
        return file != null ? PerplexitySpec.file(file, encoding, s, 0, b) : PerplexitySpec.text("--text", text, s, 0, b);
    }

    /** An option that counts tokens, 0 (its default) when not given; a usage error when negative. */
    private int nonNegative(String option, Integer value, String zeroMeans) throws MagicUsageException {
        if (value != null && value < 0) {
            throw usage(option + " must be 0 or more (0: " + zeroMeans + "), not " + value);
        }
        return value == null ? 0 : value;
    }

    /**
     * The task the spec describes, built here: the one a Spark sweep's executors build too. Its file (a spec names one
     * at most) is read at the path as typed, so that messages name it so; an unreadable file or bad documents are
     * failures, a text the task refuses (empty) a usage error.
     */
    private SweepTask localTask(SweepTaskSpec spec) throws MagicUsageException, MagicFailure {
        Path given = file != null ? file : documents;
        try {
            return spec.build(shipped -> given);
        } catch (IllegalArgumentException e) {
            Throwable why = e.getCause() instanceof TextFile.Problem problem ? problem : e;
            if (protocol == Protocol.documents) {
                throw new MagicFailure("%extrapolate sweep --documents: " + why.getMessage(), why);
            }
            if (why instanceof TextFile.Problem) {
                throw new MagicFailure("%extrapolate sweep --file " + why.getMessage(), why);
            }
            throw usage(e.getMessage());
        }
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private List<Double> parseDepths() throws MagicUsageException {
        if (depths == null) {
            return DEFAULT_DEPTHS;
        }
        List<Double> parsed = new ArrayList<>();
        for (String raw : depths) {
            double d;
            try {
                d = Double.parseDouble(raw.strip());
            } catch (NumberFormatException e) {
                throw usage("depth '" + raw + "' is not a number; depths are relative positions in [0, 1], e.g. "
                        + "0.1,0.5,0.9");
            }
            if (!(d >= 0 && d <= 1)) {
                throw usage("depth " + raw.strip() + " is outside [0, 1]: 0 puts the needle right after the "
                        + "instruction, 1 just before the question");
            }
            parsed.add(d);
        }
        return parsed;
    }

    private List<Long> seeds() throws MagicUsageException {
        int n = trials == null ? DEFAULT_TRIALS : trials;
        if (n < 1) {
            throw usage("--trials " + n + ": a " + task + " sweep needs at least 1 trial per method, length and depth");
        }
        long first = seed == null ? DEFAULT_SEED : seed;
        if (first > Long.MAX_VALUE - n) {
            throw usage("--seed " + first + " leaves no room for " + n + " trials");
        }
        return LongStream.range(first, first + n).boxed().toList();
    }
}

package org.lmlab.magics.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaleout.StudyOutcome;
import org.lmlab.scaleout.StudyRequest;
import org.lmlab.table.Table;
import org.lmlab.table.display.TableRenderer;
import org.lmlab.training.study.PeStudy;
import org.lmlab.training.study.StudyCharts;
import org.lmlab.training.study.StudyConfig;
import org.lmlab.training.study.StudySummary;
import org.lmlab.training.study.StudyTask;
import org.lmlab.training.tasks.SyntheticTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code %pe-study}: the positional-encoding length-generalisation study (logic in org.lmlab.training.study). */
@Command(name = "pe-study", description = "Train small decoder-only transformers on synthetic tasks, one per task x "
        + "position encoding x seed, on sizes 1..--train-max, and test each by exact match at every size "
        + "1..--test-max (Kazemnejad et al. 2023). Each run's rows are written to the results file as soon as it is "
        + "tested; --resume continues a stopped study. Shows accuracy by size per encoding, the per-task ranking by "
        + "accuracy beyond the trained sizes and the mean reciprocal rank over tasks; the table of every run and size "
        + "becomes the variable and table `study` (or --as NAME).",
        footer = {"", "Examples:",
                "  %%pe-study --tasks copy,addition --train-max 5,addition=2 --test-max 10,addition=4 --seeds 1 "
                        + "--steps 1000,addition=1500 --lr 5e-3 --out pe.jsonl",
                "  %%pe-study --tasks copy,addition --encodings nope,rope,alibi,t5,absolute,sinusoidal --train-max 20 "
                        + "--test-max 40 --seeds 3 --steps 5000 --dim 128 --layers 4 --out pe-paper.jsonl",
                "  %%pe-study ... --out pe-paper.jsonl --resume      (the same options: continues where it stopped)"})
public final class PeStudyMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @Mixin
    ResultsFileOptions results;

    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", split = ",", defaultValue = "copy,addition", paramLabel = "T,...",
            completionCandidates = Tasks.class,
            description = "Tasks: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<String> tasks;

    @Option(names = "--encodings", split = ",", defaultValue = "nope,absolute,sinusoidal,t5,alibi,rope",
            paramLabel = "E,...", completionCandidates = LmCommand.Encodings.class,
            description = "Position encodings: ${COMPLETION-CANDIDATES} (default: all).")
    List<String> encodings;

    @Option(names = "--train-max", defaultValue = "20", paramLabel = "N[,TASK=N]",
            description = "Longest training size, L_train, for every task, and for named ones (5,addition=2) "
                    + "(default: ${DEFAULT-VALUE}; the paper's 20).")
    String trainMax;

    @Option(names = "--test-max", defaultValue = "40", paramLabel = "N[,TASK=N]",
            description = "Longest test size, at least --train-max, per task as --train-max (default: "
                    + "${DEFAULT-VALUE}; the paper's 2 x L_train).")
    String testMax;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N",
            description = "Seeds 1..N per task and encoding (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--steps", defaultValue = "3000", paramLabel = "N[,TASK=N]",
            description = "Optimiser steps per run, per task as --train-max (default: ${DEFAULT-VALUE}).")
    String steps;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "3e-3", paramLabel = "RATE",
            description = "Peak learning rate: linear warm-up, cosine decay to a tenth (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--dim", defaultValue = "64", paramLabel = "N", description = "Model width (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--layers", defaultValue = "2", paramLabel = "N", description = "Blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "4", paramLabel = "N",
            description = "Attention heads; --dim must be a multiple (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--test-examples", defaultValue = "100", paramLabel = "N",
            description = "Test examples per size, fixed by --test-seed (default: ${DEFAULT-VALUE}).")
    int testExamples;

    @Option(names = "--test-seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the test sets, the same for every run (default: ${DEFAULT-VALUE}).")
    long testSeed;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "PyTorch intra-op threads while training (default: ${DEFAULT-VALUE}). Runs repeat bit for bit "
                    + "for a fixed count, so it is part of the study: --resume needs the same.")
    int threads;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Runs trained at once, each on its own thread (default: the cores divided by --threads). "
                    + "The results do not depend on it.")
    Integer parallel;

    @Option(names = "--as", defaultValue = "study", paramLabel = "NAME",
            description = "Table (and variable) name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replace", description = "Replace a variable of the same name that is not a Table.")
    boolean replace;

    @Option(names = "--on", defaultValue = "local", paramLabel = "WHERE", description = "Where the runs train: local "
            + "(this kernel's threads, --parallel of them) or spark (the session of %%spark connect: one task per run, "
            + "trained with --threads threads; --parallel unused; the same table). Default: ${DEFAULT-VALUE}.")
    String on;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        if (!SourceVersion.isName(name)) {
            throw new MagicUsageException("--as " + name + " is not a Java variable name", usage);
        }
        if (parallel != null && parallel < 1) {
            throw new MagicUsageException("--parallel must be at least 1, got " + parallel, usage);
        }
        if (seeds < 1) {
            throw new MagicUsageException("--seeds must be at least 1, got " + seeds, usage);
        }
        StudyConfig config;
        try {
            List<Long> seedList = new ArrayList<>();
            for (long s = 1; s <= seeds; s++) {
                seedList.add(s);
            }
            List<String> names = new ArrayList<>();
            for (String t : tasks) {
                names.add(SyntheticTasks.create(t).name());
            }
            Map<String, Integer> train = PerTaskValue.parse("--train-max", trainMax, names);
            Map<String, Integer> test = PerTaskValue.parse("--test-max", testMax, names);
            Map<String, Integer> runSteps = PerTaskValue.parse("--steps", steps, names);
            List<StudyTask> studied = new ArrayList<>();
            for (String t : names) {
                studied.add(new StudyTask(t, train.get(t), test.get(t), runSteps.get(t)));
            }
            config = new StudyConfig(studied, encodings, seedList, dim, layers, heads, batch, lr, testExamples, testSeed,
                    threads);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
        Path path = results.path("lmlab-pe-study", usage);
        ScaleOut.Session spark = OnSpark.session(context, on, "%pe-study", usage);
        TableVariables.claim(context, name, replace, "%pe-study --as " + name, "%pe-study ... --as OTHER_NAME, or --replace");
        PeStudy.Outcome outcome;
        try {
            if (spark == null) {
                int workers = parallel != null ? parallel
                        : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, threads));
                outcome = PeStudy.of(config).results(path).resume(results.resume()).parallel(workers)
                        .progress(context.progress()).run(context.tables().allocator());
            } else {
                StudyOutcome remote = spark.peStudy(new StudyRequest(config, path, results.resume()),
                        context.progress(), context.tables().allocator());
                SparkFailures.report(context, remote.failed(), "run",
                        "have no rows (--resume trains them again)");
                outcome = remote.study();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MagicFailure("%pe-study" + (spark == null ? "" : " --on spark") + ": " + e.getMessage(), e);
        }
        Table table = outcome.table();
        TableVariables.publish(context, name, table);
        outcome.repaired().ifPresent(note -> context.out().println(note));
        context.out().println(String.format(Locale.ROOT, "%d runs trained, %d kept from %s; rows in %s",
                outcome.trained(), outcome.skipped(), results.resume() ? "the earlier run" : "no earlier run", path));
        for (String d : outcome.diverged()) {
            context.err().println("diverged (tested with the last finite parameters): " + d);
        }
        try (Table byTask = StudySummary.byTask(table, context.tables().allocator());
             Table ranking = StudySummary.ranking(table, context.tables().allocator())) {
            context.out().println("Mean exact-match accuracy per task and encoding (trained sizes: in distribution, "
                    + "longer: out of it); rank by the latter:");
            context.out().println(new TableRenderer(byTask.rowCount(), 0, 20).render(byTask).plainText());
            context.out().println("Ranking over tasks (mean reciprocal rank, as Kazemnejad et al. 2023 Figure 1):");
            context.out().println(new TableRenderer(ranking.rowCount(), 0, 20).render(ranking).plainText());
        }
        context.display(StudyCharts.accuracyByLength(table));
        return table;
    }

    /** The --tasks names, for help and Tab completion. */
    static final class Tasks implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SyntheticTasks.names().iterator();
        }
    }
}

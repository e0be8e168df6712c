package org.lmlab.magics.lengths;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.lang.model.SourceVersion;
import org.lmlab.lengths.sampling.LengthSampler;
import org.lmlab.lengths.sampling.SamplePrompt;
import org.lmlab.lengths.sampling.SampleSettings;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.ResultsFileOptions;
import org.lmlab.magics.table.TableVariables;
import org.lmlab.model.LanguageModel;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code %lengths sample}: k responses per prompt from the loaded model, as a length table. */
@Command(name = "sample", description = "Sample K responses per prompt from the loaded model into a length table, "
        + "CASTILLO-style: one row per (prompt, sample) with model, prompt_id, sample, seed, text, prompt_tokens, "
        + "output_tokens (CASTILLO's count: the generated tokens other than the stop token, plus 1), finish_reason "
        + "(stop or length), tokens_per_s and degenerate (CASTILLO's flag for the prompt, its thresholds scaled to "
        + "--max-tokens). Each sample has its own seed, derived from --seed, the prompt id and the sample index, and "
        + "samples run --batch at a time: the batch changes the speed, never the samples. Each finished sample is "
        + "appended to a results file at once, so a run that is stopped or killed continues with --resume and ends "
        + "with the table an uninterrupted run gives; a resume with another model, method, prompts or settings is "
        + "refused. The result becomes a table and variable (--as) for %%lengths stats, fit and plot.",
        footer = {"", "Examples:",
                "  %%lengths sample --prompts alpaca --prompt-col instruction --k 10 --max-tokens 512 --chat",
                "  %%lengths sample --prompts alpaca --prompt-col instruction --id-col id --temperature 0.7 --top-p 0.9 "
                        + "--seed 1 --batch 8 --out alpaca.jsonl",
                "  %%lengths sample --prompts alpaca --prompt-col instruction --id-col id --temperature 0.7 --top-p 0.9 "
                        + "--seed 1 --out alpaca.jsonl --resume",
                "  %%lengths stats --table samples --value output_tokens --by prompt_id"})
final class SampleCommand implements MagicCommand {

    @Mixin
    HelpOption help;

    @ParentCommand
    LengthsMagic parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--prompts", required = true, paramLabel = "TABLE", description = "The table of prompts.")
    String prompts;

    @Option(names = "--prompt-col", required = true, paramLabel = "COL", description = "Its column of prompt texts.")
    String promptColumn;

    @Option(names = "--id-col", paramLabel = "COL", description = "Its column of prompt ids (unique; default: the "
            + "row index).")
    String idColumn;

    @Option(names = "--k", defaultValue = "10", paramLabel = "K", description = "Samples per prompt (default: "
            + "${DEFAULT-VALUE}, as CASTILLO).")
    int k;

    @Option(names = "--max-tokens", defaultValue = "512", paramLabel = "N", description = "Most new tokens per sample "
            + "(default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "1", paramLabel = "T", description = "0 = greedy, every sample "
            + "alike (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Sample from the K most likely "
            + "tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P", description = "Nucleus sampling mass (default: "
            + "${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "The run's seed (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "B", description = "Sequences decoded together "
            + "(default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "PyTorch intra-op threads while "
            + "sampling, 0 for the engine's setting; like --batch it changes the speed, never the samples (default: "
            + "${DEFAULT-VALUE}; 1 is several times faster on a machine whose cores are busy).")
    int threads;

    @Option(names = "--chat", description = "Wrap each prompt in the model's chat template (default: the text as is).")
    boolean chat;

    @Mixin
    ResultsFileOptions results;

    @Option(names = "--as", defaultValue = "samples", paramLabel = "NAME", description = "Table (and variable) name "
            + "(default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replace", description = "Replace a variable of the same name that is not a Table.")
    boolean replace;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        if (!SourceVersion.isName(name)) {
            throw new MagicUsageException("--as " + name + " is not a Java variable name", usage);
        }
        Path file = results.path("lmlab-samples", usage);
        if (batch < 1) {
            throw new MagicUsageException("--batch must be at least 1, not " + batch, usage);
        }
        if (threads < 0) {
            throw new MagicUsageException("--threads must be at least 0 (0: the engine's setting), not " + threads,
                    usage);
        }
        SampleSettings settings;
        try {
            settings = new SampleSettings(k, maxTokens, temperature, topK, topP, seed, chat);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
        LanguageModel model = parent.loadedModel().orElseThrow(() -> new MagicUsageException(
                "no model is loaded; load one first", "%model load smollm2-135m"));
        Table table = context.table(prompts);
        List<SamplePrompt> list;
        try {
            list = SamplePrompt.fromTable(table, prompts, promptColumn, idColumn);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
        TableVariables.claim(context, name, replace, "%lengths sample --as " + name,
                "%lengths sample ... --as OTHER_NAME, or --replace");
        LengthSampler.Outcome outcome;
        try {
            outcome = LengthSampler.on(model, list, settings).results(file).resume(results.resume()).batch(batch)
                    .threads(threads).progress(context.progress()).run(context.tables().allocator());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MagicFailure("%lengths sample: " + e.getMessage(), e);
        }
        Table samples = outcome.table();
        TableVariables.publish(context, name, samples);
        outcome.repaired().ifPresent(note -> context.out().println(note));
        context.out().println(String.format(Locale.ROOT, "%d samples drawn, %d kept from %s; rows in %s", outcome.ran(),
                outcome.kept(), results.resume() ? "the earlier run" : "no earlier run", file));
        return samples;
    }
}

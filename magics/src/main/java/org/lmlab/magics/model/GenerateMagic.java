package org.lmlab.magics.model;

import java.util.List;
import java.util.Locale;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.SamplingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %generate PROMPT} and {@code %%generate} (prompt in the body): text from the loaded model, streamed. */
@Command(name = "generate", description = "Generate text with the loaded model, streaming tokens as they are produced. "
        + "Greedy unless --temperature is above 0.",
        footer = {"", "Examples:", "  %%generate --max-tokens 32 What is the capital of France?",
                "  %%generate --raw --temperature 0.8 --top-p 0.9 --seed 7 Once upon a time",
                "  %%%%generate --max-tokens 128   (the prompt is the cell body)"})
public final class GenerateMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "The prompt (line magic); %%generate takes the cell body.")
    List<String> words = List.of();

    @Option(names = "--max-tokens", defaultValue = "64", paramLabel = "N", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--raw", description = "Continue the text as is, without the model's chat template.")
    boolean raw;

    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "0 = greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K", description = "Sample from the K most likely tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P", description = "Nucleus sampling mass (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    private final ModelSlot slot;

    public GenerateMagic(ModelSlot slot) {
        this.slot = slot;
    }

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String prompt = call.kind() == MagicKind.CELL ? call.body().strip() : String.join(" ", words);
        if (prompt.isEmpty()) {
            throw new MagicUsageException("no prompt given", "%generate [OPTIONS] PROMPT   or   %%generate [OPTIONS] + prompt in the body");
        }
        if (maxTokens < 1) {
            throw new MagicUsageException("--max-tokens must be at least 1, not " + maxTokens, "%generate --max-tokens N PROMPT");
        }
        SamplingOptions sampling;
        try {
            sampling = temperature == 0 ? SamplingOptions.greedy() : SamplingOptions.sample(temperature, topK, topP, seed);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), "%generate --temperature T --top-k K --top-p P --seed S PROMPT");
        }
        LanguageModel model = slot.current();
        LanguageModel.Generation result;
        try {
            result = model.generate(prompt, !raw, maxTokens, sampling, piece -> {
                context.out().print(piece);
                context.out().flush();
            });
        } catch (IllegalArgumentException e) {
            throw new MagicFailure(e.getMessage(), e);
        }
        context.out().println();
        context.out().printf(Locale.ROOT, "[%d prompt tokens, %d generated, %s, %.1f tokens/s]%n",
                result.promptTokens(), result.tokens().length,
                result.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '), result.tokensPerSecond());
        context.define("generated", result, LanguageModel.Generation.class);
        return null;
    }
}

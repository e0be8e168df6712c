package org.lmlab.magics.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.Perplexity;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %perplexity --file PATH | --text TEXT}: sliding-window perplexity under the loaded model. */
@Command(name = "perplexity", description = "Perplexity of a text under the loaded model with a sliding window "
        + "(window W, stride S: each token is scored once, with up to W-1 tokens of context).",
        footer = {"", "Examples:", "  %%perplexity --file ../datasets/text/tinyshakespeare-excerpt.txt --window 512 --stride 256",
                "  %%perplexity --text \"The quick brown fox jumps over the lazy dog.\""})
public final class PerplexityMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--file", paramLabel = "PATH", description = "A UTF-8 text file.")
        Path file;

        @Option(names = "--text", paramLabel = "TEXT", description = "The text itself.")
        String text;
    }

    @Option(names = "--window", defaultValue = "512", paramLabel = "W", description = "Tokens per window (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--stride", defaultValue = "256", paramLabel = "S", description = "Tokens between window starts (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--as", defaultValue = "ppl", paramLabel = "NAME", description = "Variable for the result (default: ${DEFAULT-VALUE}).")
    String name;

    private final ModelSlot slot;

    public PerplexityMagic(ModelSlot slot) {
        this.slot = slot;
    }

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        if (window < 2 || stride < 1 || stride > window) {
            throw new MagicUsageException("need --window >= 2 and 1 <= --stride <= --window (got " + window + ", " + stride + ")",
                    "%perplexity --file PATH --window W --stride S");
        }
        String text = source.text;
        if (source.file != null) {
            try {
                text = Files.readString(source.file);
            } catch (IOException e) {
                throw new MagicFailure("cannot read " + source.file + ": " + e.getMessage(), e);
            }
        }
        Perplexity result;
        try {
            result = slot.current().perplexity(text, window, stride, context.progress());
        } catch (IllegalArgumentException e) {
            throw new MagicFailure(e.getMessage(), e);
        }
        context.define(name, result, Perplexity.class);
        return ModelMagic.text(String.format(Locale.ROOT, "perplexity %.4f (mean NLL %.5f nats over %d tokens; window %d, stride %d)",
                result.value(), result.meanNll(), result.tokens(), window, stride));
    }
}

package org.lmlab.magics.model;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Locale;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.Perplexity;
import org.lmlab.model.TextFile;
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
        @Option(names = "--file", paramLabel = "PATH", description = "A text file (UTF-8 unless --encoding says otherwise).")
        Path file;

        @Option(names = "--text", paramLabel = "TEXT", description = "The text itself.")
        String text;
    }

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET",
            description = "The --file's character set, e.g. ISO-8859-1 (default: ${DEFAULT-VALUE}).")
    Charset encoding;

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
            context.provenance().dataset(source.file);
            try {
                text = TextFile.read(source.file, encoding);
            } catch (TextFile.Problem e) {
                String fix = e.badBytes()
                        ? "the file must be " + encoding.name() + " text; for text in another encoding pass "
                                + "--encoding CHARSET (e.g. --encoding ISO-8859-1)"
                        : "check --file; a relative path resolves against the working directory "
                                + Path.of("").toAbsolutePath();
                throw new MagicFailure("%perplexity --file " + e.getMessage() + "; " + fix, e);
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

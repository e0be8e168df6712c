package org.lmlab.magics.model;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.engine.Precision;
import org.lmlab.model.gguf.ModelCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %model load|estimate|info|unload}: the session's causal language model (DJL, PyTorch engine). */
@Command(name = "model", description = "Load, describe and unload the session's language model.",
        subcommands = {ModelMagic.Load.class, ModelMagic.Estimate.class, ModelMagic.Info.class,
                ModelMagic.Unload.class},
        footer = {"", "Examples:", "  %%model load smollm2-135m", "  %%model load smollm2-135m --context 16384",
                "  %%model load /models/llama/ --device gpu --dtype f16",
                "  %%model estimate smollm2-135m --context 32768 --dtype f16", "  %%model info"})
public final class ModelMagic {

    @Mixin
    HelpOption help;

    private final ModelSlot slot;

    public ModelMagic(ModelSlot slot) {
        this.slot = slot;
    }

    @Command(name = "load", description = "Load a bundled model by name, a GGUF file, or a Hugging Face safetensors "
            + "directory; the model becomes the Java variable `model` (or --as NAME).")
    static final class Load implements MagicCommand {
        @Mixin
        HelpOption help;

        @CommandLine.ParentCommand
        ModelMagic parent;

        @Mixin
        Placement placement;

        @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
                description = "cpu, gpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
        String device;

        @Option(names = "--as", defaultValue = "model", paramLabel = "NAME", description = "Variable for the model (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            LanguageModel model;
            try {
                model = LanguageModel.load(placement.source, placement.options(device), context.progress());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new MagicFailure(e.getMessage(), e);
            }
            parent.slot.replace(model);
            context.provenance().model(model);
            context.define(name, model, LanguageModel.class);
            return text(model.describe());
        }
    }

    @Command(name = "estimate", description = "Memory a model would take (weights at --dtype + an F32 KV cache of "
            + "--context positions), read from its config and tensor table without loading it.")
    static final class Estimate implements MagicCommand {
        @Mixin
        HelpOption help;

        @Mixin
        Placement placement;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            try {
                return text(LanguageModel.estimate(placement.source, placement.options("cpu")).toString());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new MagicFailure(e.getMessage(), e);
            }
        }
    }

    @Command(name = "info", description = "Describe the loaded model: architecture, sizes, memory estimate.")
    static final class Info implements MagicCommand {
        @Mixin
        HelpOption help;

        @CommandLine.ParentCommand
        ModelMagic parent;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            return text(parent.slot.current().describe());
        }
    }

    @Command(name = "unload", description = "Free the loaded model's memory.")
    static final class Unload implements MagicCommand {
        @Mixin
        HelpOption help;

        @CommandLine.ParentCommand
        ModelMagic parent;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            return text(parent.slot.unload() ? "model unloaded" : "no model was loaded");
        }
    }

    /** What {@code load} and {@code estimate} share: the model, its context and its dtype. */
    static final class Placement {
        @Parameters(paramLabel = "NAME|PATH", description = "Bundled: ${COMPLETION-CANDIDATES}; or a .gguf file or a "
                + "directory.", completionCandidates = BundledNames.class)
        String source;

        @Option(names = "--context", defaultValue = "0", paramLabel = "N",
                description = "Positions an input may use (and the KV cache holds): longer prompts and perplexity "
                        + "windows are refused, and generation stops when the context is full (default: the "
                        + "model's trained context). Above the trained context for length-extrapolation work.")
        int contextLength;

        @Option(names = "--dtype", defaultValue = "f32", paramLabel = "TYPE",
                description = "Type of the weight matrices and their products: f32 or f16 (default: "
                        + "${DEFAULT-VALUE}). f16 halves the weights' memory; norms, softmax and the KV cache "
                        + "stay f32. On CPU f32 is fastest.", completionCandidates = DtypeNames.class)
        String dtype;

        LoadOptions options(String device) {
            return new LoadOptions(device, contextLength, Precision.parse(dtype));
        }
    }

    /** The {@code --dtype} values, for help and Tab completion. */
    static final class DtypeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Precision.values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                    .iterator();
        }
    }

    /** Names {@code %model load} finds without a path, for help and Tab completion. */
    static final class BundledNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ModelCatalog.bundledNames().iterator();
        }
    }

    public static Displayable text(String text) {
        MimeBundle bundle = MimeBundle.text(text);
        return () -> bundle;
    }
}

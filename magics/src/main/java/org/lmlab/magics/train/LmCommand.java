package org.lmlab.magics.train;

import java.nio.file.Path;
import java.util.Iterator;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.model.ModelMagic;
import org.lmlab.training.TrainingResult;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.TransformerConfig;
import org.lmlab.training.lm.LmRequest;
import org.lmlab.training.lm.LmResult;
import org.lmlab.training.lm.LmTraining;
import org.lmlab.training.optim.AdamW;
import org.lmlab.training.position.PositionEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %train lm}: a byte-level language model on a text file, written as a checkpoint {@code %model load} reads. */
@Command(name = "lm", description = "Train a byte-level language model (256 tokens: one per UTF-8 byte) on a text file "
        + "and write it to --out as a Hugging Face LLaMA directory (config.json, model.safetensors, tokenizer.json, "
        + "training.json). The last --held-out share of the text is kept for validation; the result becomes the Java "
        + "variable `training` (or --as NAME).")
final class LmCommand implements MagicCommand {

    @Mixin
    HelpOption help;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "The training text (UTF-8).")
    Path text;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Checkpoint directory (created; its checkpoint files are replaced).")
    Path out;

    @Option(names = "--context", defaultValue = "128", paramLabel = "N",
            description = "Tokens per training window, the trained context (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--layers", defaultValue = "2", paramLabel = "N", description = "Blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dim", defaultValue = "128", paramLabel = "N", description = "Model width (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--heads", defaultValue = "4", paramLabel = "N",
            description = "Attention heads; --dim must be a multiple (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--mlp", defaultValue = "0", paramLabel = "N",
            description = "SwiGLU inner width (default: the multiple of 32 at or above 8/3 x --dim).")
    int mlp;

    @Option(names = "--encoding", defaultValue = "rope", paramLabel = "NAME", completionCandidates = Encodings.class,
            description = "Position encoding: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). rope, nope and "
                    + "alibi checkpoints load with %%model load.")
    String encoding;

    @Option(names = "--steps", defaultValue = "1200", paramLabel = "N", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "Windows per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-2", paramLabel = "RATE",
            description = "Peak learning rate, after a linear warm-up, decayed by a cosine to a tenth (default: "
                    + "${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", defaultValue = "-1", paramLabel = "N",
            description = "Warm-up steps (default: a tenth of --steps, at most 100).")
    int warmup;

    @Option(names = "--weight-decay", defaultValue = "0.1", paramLabel = "L",
            description = "AdamW's decoupled weight decay on matrices (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "NORM",
            description = "Global gradient-norm clipping, 0 for none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the initial values and the data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--held-out", defaultValue = "0.1", paramLabel = "SHARE",
            description = "Share of the text kept for the held-out loss, from its end (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "PyTorch intra-op threads while training, 0 for the engine's setting (default: "
                    + "${DEFAULT-VALUE}). On a machine whose cores are busy with other work, 1 is several times "
                    + "faster than 2.")
    int threads;

    @Option(names = "--as", defaultValue = "training", paramLabel = "NAME",
            description = "Variable for the result (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        context.provenance().datasets(text);
        LmRequest request;
        try {
            TransformerConfig config = TransformerConfig.of(256, dim, layers, heads, this.context,
                    PositionEncoding.parse(encoding));
            if (mlp > 0) {
                config = config.withIntermediateSize(mlp);
            }
            TrainingSettings settings = TrainingSettings.of(steps, lr)
                    .withAdamW(new AdamW.Settings(0.9, 0.95, 1e-8, weightDecay))
                    .withClipNorm(clip);
            if (warmup >= 0) {
                settings = settings.withWarmup(warmup);
            }
            request = new LmRequest(text, config, settings, batch, seed, heldOut, out, threads);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(call.typed() + ": " + e.getMessage(),
                    "%train lm --text FILE --out DIR [--context N] [--layers N] [--dim N] [--heads N] [--steps N] "
                            + "[--batch N] [--lr RATE] [--seed S] [--threads N] [--encoding " + String.join("|", PositionEncoding.NAMES)
                            + "]  (%train lm --help for all options)");
        }
        LmResult result;
        try {
            result = LmTraining.run(request, context.progress());
        } catch (IllegalArgumentException e) {
            throw new MagicFailure("%train lm: " + e.getMessage(), e);
        }
        context.define(name, result, LmResult.class);
        TrainingResult t = result.training();
        if (t.status() != TrainingResult.Status.COMPLETED) {
            throw new MagicFailure("%train lm: " + t.message() + ". The checkpoint of those parameters is in " + out
                    + " (training.json has the loss of every step); the result is `" + name + "`", null);
        }
        return ModelMagic.text(result.describe());
    }

    /** The --encoding names, for help and Tab completion. */
    static final class Encodings implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PositionEncoding.NAMES.iterator();
        }
    }
}

package org.lmlab.training.lm;

import java.nio.file.Path;
import java.util.Locale;
import org.lmlab.training.TrainingResult;
import org.lmlab.training.TransformerConfig;

/**
 * A trained tiny language model: how training went, its held-out loss, and where the checkpoint is.
 *
 * @param training     the run (losses per step, status, time)
 * @param heldOutLoss  mean next-token loss (nats per byte) on held-out windows of the training context
 * @param heldOutTokens tokens that loss covers
 * @param checkpoint   the directory {@code %model load} reads
 */
public record LmResult(TransformerConfig model, long parameters, TrainingResult training, double heldOutLoss,
                       int heldOutTokens, Path checkpoint) {

    /** Held-out perplexity per byte, e^loss. */
    public double heldOutPerplexity() {
        return Math.exp(heldOutLoss);
    }

    /** What {@code %train lm} shows. */
    public String describe() {
        TrainingResult t = training;
        return String.format(Locale.ROOT, "%s%n  %,d parameters; %s%n  %d steps in %.1f s (%.2f steps/s); training loss "
                        + "%.4f (first step %.4f, mean of the last 20 %.4f)%n  held-out loss %.4f nats/byte (perplexity "
                        + "%.3f) over %,d bytes%n  checkpoint: %s (%%model load %s)",
                t.status() == TrainingResult.Status.COMPLETED ? "trained" : t.message(), parameters,
                model.describe(), t.steps(), t.seconds(), t.stepsPerSecond(), t.recentLoss(1),
                t.steps() > 0 ? t.losses()[0] : Double.NaN, t.recentLoss(20), heldOutLoss, heldOutPerplexity(),
                heldOutTokens, checkpoint, checkpoint);
    }

    @Override
    public String toString() {
        return describe();
    }
}

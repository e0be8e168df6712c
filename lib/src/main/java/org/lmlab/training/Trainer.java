package org.lmlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.training.optim.AdamW;
import org.lmlab.training.optim.LearningRateSchedule;

/**
 * Trains a {@link Transformer} with AdamW under a warm-up + cosine schedule and global-norm
 * gradient clipping (as {@code torch.nn.utils.clip_grad_norm_}: gradients scaled by
 * min(1, max / (norm + 1e-6))). Weight decay applies to matrices (tensors of two or more axes),
 * not to RMSNorm weights, as in GPT-2-style training.
 *
 * <p>Stops early, returning what it did, when a stop is requested between steps (the model is
 * consistent there) and when the loss or the gradient norm is NaN or infinite: the model then goes
 * back to the parameters of the last step with a finite loss. On CPU a run is deterministic: the
 * data order comes from the source's seed and PyTorch's CPU kernels reduce in a fixed order for
 * a fixed thread count.
 */
public final class Trainer {

    /** Called after each applied step. */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int step, double loss, double learningRate);
    }

    private Trainer() {
    }

    public static TrainingResult train(Transformer model, BatchSource data, TrainingSettings settings, Progress progress) {
        return train(model, data, settings, progress, (s, l, r) -> { });
    }

    public static TrainingResult train(Transformer model, BatchSource data, TrainingSettings settings, Progress progress,
                                       StepListener listener) {
        DjlRuntime.pytorch();
        LearningRateSchedule schedule = settings.schedule();
        double[] losses = new double[settings.steps()];
        int done = 0;
        long started = System.nanoTime();
        progress.start(settings.steps(), "train " + model.config().positions().name() + " (" + settings.steps() + " steps)");
        try (AdamW optimizer = new AdamW(settings.adamw(), model.manager());
             NDManager snapshots = model.manager().newSubManager()) {
            Map<String, NDArray> lastGood = null;
            for (int step = 0; step < settings.steps(); step++) {
                if (Cancellation.requested()) {
                    return result(TrainingResult.Status.CANCELLED, losses, done, started, String.format(Locale.ROOT,
                            "stopped on request after %d of %d steps", done, settings.steps()));
                }
                double lr = schedule.at(step);
                Batch batch = data.batch(step);
                try (NDScope scope = new NDScope()) {
                    NDArray loss;
                    try (ThreadGradients collector = new ThreadGradients()) {
                        loss = model.loss(batch);
                        collector.backward(loss);
                    }
                    double value = loss.toType(DataType.FLOAT64, false).getDouble();
                    Map<String, NDArray> gradients = gradients(model);
                    double norm = globalNorm(gradients);
                    if (!Double.isFinite(value) || !Double.isFinite(norm)) {
                        if (lastGood != null) {
                            restore(model, lastGood);
                        }
                        return result(TrainingResult.Status.DIVERGED, losses, done, started, diverged(step, value,
                                norm, lr, settings, losses, done));
                    }
                    lastGood = snapshot(model, snapshots, lastGood);
                    double scale = settings.clipNorm() > 0 ? Math.min(1, settings.clipNorm() / (norm + 1e-6)) : 1;
                    optimizer.step(model.parameters(), gradients, lr, scale, name ->
                            model.parameters().get(name).getShape().dimension() >= 2);
                    gradients.values().forEach(g -> g.subi(g));
                    losses[done++] = value;
                }
                progress.note(String.format(Locale.ROOT, "loss %.4f, lr %.2e", losses[done - 1], lr));
                progress.step(1);
                listener.afterStep(step, losses[done - 1], lr);
            }
            return result(TrainingResult.Status.COMPLETED, losses, done, started, "");
        } finally {
            progress.done();
        }
    }

    private static String diverged(int step, double loss, double norm, double lr, TrainingSettings s, double[] losses,
                                   int done) {
        String what = Double.isFinite(loss) ? "the gradient norm became " + norm : "the loss became " + loss;
        String kept = done == 0 ? "the model keeps its initial parameters"
                : String.format(Locale.ROOT, "the model keeps the parameters of step %d (loss %.4f), the last with a "
                        + "finite loss", done, losses[done - 1]);
        return String.format(Locale.ROOT, "%s at step %d of %d (learning rate %.3g): stopped; %s. Lower the learning "
                + "rate (peak %.3g) or lengthen the warm-up", what, step + 1, s.steps(), lr, kept, s.learningRate());
    }

    private static TrainingResult result(TrainingResult.Status status, double[] losses, int done, long started,
                                         String message) {
        return new TrainingResult(status, Arrays.copyOf(losses, done), (System.nanoTime() - started) / 1e9, message);
    }

    private static Map<String, NDArray> gradients(Transformer model) {
        Map<String, NDArray> g = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> g.put(name, p.getGradient()));
        return g;
    }

    /** √(Σ g²) over every gradient, accumulated in double. */
    static double globalNorm(Map<String, NDArray> gradients) {
        double sum = 0;
        for (NDArray g : gradients.values()) {
            sum += g.square().sum().toType(DataType.FLOAT64, false).getDouble();
        }
        return Math.sqrt(sum);
    }

    /** Copies of the parameters (replacing the previous copies), outside the step's scope. */
    private static Map<String, NDArray> snapshot(Transformer model, NDManager snapshots, Map<String, NDArray> previous) {
        if (previous != null) {
            previous.values().forEach(NDArray::close);
        }
        Map<String, NDArray> copy = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> {
            NDArray c = p.duplicate();
            c.attach(snapshots);
            NDScope.unregister(c);
            copy.put(name, c);
        });
        return copy;
    }

    private static void restore(Transformer model, Map<String, NDArray> saved) {
        model.parameters().forEach((name, p) -> saved.get(name).copyTo(p));
    }
}

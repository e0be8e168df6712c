package org.lmlab.training;

import java.util.Locale;

/**
 * What a training run did.
 *
 * @param status   how it ended
 * @param losses   the training loss of each step taken (nats), the last good one last
 * @param seconds  wall time of the steps
 * @param message  one line saying how it ended (the reason and what was kept when it stopped early)
 */
public record TrainingResult(Status status, double[] losses, double seconds, String message) {

    public enum Status {
        /** All steps ran. */
        COMPLETED,
        /** The loss or the gradient became NaN or infinite: stopped, the model keeps the last good parameters. */
        DIVERGED,
        /** Stopped on request (interrupt) between steps. */
        CANCELLED
    }

    public TrainingResult {
        losses = losses.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    /** Steps whose update was applied. */
    public int steps() {
        return losses.length;
    }

    public double stepsPerSecond() {
        return seconds > 0 ? steps() / seconds : Double.NaN;
    }

    /** The mean loss of the last {@code n} steps (NaN before any step). */
    public double recentLoss(int n) {
        int from = Math.max(0, losses.length - n);
        double sum = 0;
        for (int i = from; i < losses.length; i++) {
            sum += losses[i];
        }
        return losses.length == 0 ? Double.NaN : sum / (losses.length - from);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d steps in %.1f s (%.2f steps/s), final loss %.4f", status, steps(),
                seconds, stepsPerSecond(), recentLoss(1)) + (message.isEmpty() ? "" : "; " + message);
    }
}

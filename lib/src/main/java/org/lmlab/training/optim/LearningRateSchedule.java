package org.lmlab.training.optim;

/**
 * Linear warm-up then cosine decay: step s (from 0) gets peak·(s+1)/warmup during the warm-up, then
 * min + (peak − min)·½(1 + cos(π·p)) with p the share of the remaining steps done, so the last step
 * is at min = peak · minRatio.
 *
 * @param peak     the learning rate after warm-up
 * @param warmup   warm-up steps (0 for none)
 * @param total    steps in all
 * @param minRatio the final rate as a share of the peak (0.1 usual)
 */
public record LearningRateSchedule(double peak, int warmup, int total, double minRatio) {

    public LearningRateSchedule {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("the learning rate must be a finite number > 0, got " + peak);
        }
        if (total < 1 || warmup < 0 || warmup > total) {
            throw new IllegalArgumentException("need steps >= 1 and 0 <= warm-up <= steps, got " + total + " steps, "
                    + warmup + " warm-up");
        }
        if (!(minRatio >= 0 && minRatio <= 1)) {
            throw new IllegalArgumentException("the final learning-rate ratio must be in [0, 1], got " + minRatio);
        }
    }

    public double at(int step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        int decaySteps = total - warmup;
        double progress = decaySteps <= 1 ? 1 : (double) (step - warmup) / (decaySteps - 1);
        double min = peak * minRatio;
        return min + (peak - min) * 0.5 * (1 + StrictMath.cos(Math.PI * Math.min(1, progress)));
    }
}

package org.lmlab.training;

import org.lmlab.training.optim.AdamW;
import org.lmlab.training.optim.LearningRateSchedule;

/**
 * How to train: steps, the learning-rate schedule, AdamW and gradient clipping.
 *
 * @param steps         optimiser steps
 * @param learningRate  peak learning rate
 * @param warmupSteps   linear warm-up steps
 * @param minLrRatio    the final learning rate as a share of the peak (cosine decay)
 * @param adamw         AdamW's hyper-parameters
 * @param clipNorm      the global gradient norm is scaled down to this (0: no clipping)
 */
public record TrainingSettings(int steps, double learningRate, int warmupSteps, double minLrRatio,
                               AdamW.Settings adamw, double clipNorm) {

    public TrainingSettings {
        schedule(steps, learningRate, warmupSteps, minLrRatio); // validates
        if (adamw == null) {
            throw new IllegalArgumentException("AdamW settings are required");
        }
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("the clipping norm must be >= 0 (0: none), got " + clipNorm);
        }
    }

    /**
     * {@code steps} steps at peak {@code learningRate}: warm-up over the first 10 % (at most 100
     * steps), cosine decay to 10 %, AdamW β (0.9, 0.95), ε 1e-8, λ 0.1, gradients clipped at norm 1.
     */
    public static TrainingSettings of(int steps, double learningRate) {
        return new TrainingSettings(steps, learningRate, Math.min(100, steps / 10), 0.1, AdamW.Settings.transformer(), 1.0);
    }

    public TrainingSettings withAdamW(AdamW.Settings s) {
        return new TrainingSettings(steps, learningRate, warmupSteps, minLrRatio, s, clipNorm);
    }

    public TrainingSettings withClipNorm(double norm) {
        return new TrainingSettings(steps, learningRate, warmupSteps, minLrRatio, adamw, norm);
    }

    public TrainingSettings withWarmup(int warmup) {
        return new TrainingSettings(steps, learningRate, warmup, minLrRatio, adamw, clipNorm);
    }

    public LearningRateSchedule schedule() {
        return schedule(steps, learningRate, warmupSteps, minLrRatio);
    }

    private static LearningRateSchedule schedule(int steps, double lr, int warmup, double minRatio) {
        return new LearningRateSchedule(lr, warmup, steps, minRatio);
    }
}

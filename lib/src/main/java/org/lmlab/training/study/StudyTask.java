package org.lmlab.training.study;

import java.io.Serializable;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.tasks.LengthPlan;
import org.lmlab.training.tasks.SyntheticTask;
import org.lmlab.training.tasks.SyntheticTasks;

/**
 * One task of a study with its own sizes and training length: tasks differ in how hard a size is
 * (a 2-digit addition is harder to learn than copying 5 symbols), so a study may train each to its
 * own L_train, test to its own maximum and train it for its own number of steps.
 *
 * @param name     a task of {@link SyntheticTasks#names()}
 * @param trainMax longest training size (L_train)
 * @param testMax  longest test size, at least trainMax
 * @param steps    optimiser steps of each run of this task
 */
public record StudyTask(String name, int trainMax, int testMax, int steps) implements Serializable {

    public StudyTask {
        name = SyntheticTasks.create(name).name(); // names the known tasks when unknown
        LengthPlan.of(trainMax, testMax); // test >= train >= 1, with the reason when not
        if (steps < 1) {
            throw new IllegalArgumentException(name + ": steps must be at least 1, got " + steps);
        }
    }

    public SyntheticTask task() {
        return SyntheticTasks.create(name);
    }

    public LengthPlan plan() {
        return LengthPlan.of(trainMax, testMax);
    }

    /** Warm-up and cosine decay over this task's steps ({@link TrainingSettings#of}). */
    public TrainingSettings settings(double learningRate) {
        return TrainingSettings.of(steps, learningRate);
    }

    /** "copy (train 1..5, test 1..10, 800 steps)". */
    public String describe() {
        return name + " (train 1.." + trainMax + ", test 1.." + testMax + ", " + steps + " steps)";
    }
}

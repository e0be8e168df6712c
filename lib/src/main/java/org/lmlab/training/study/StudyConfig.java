package org.lmlab.training.study;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.TransformerConfig;
import org.lmlab.training.position.PositionEncoding;
import org.lmlab.training.tasks.LengthPlan;
import org.lmlab.training.tasks.SyntheticTask;
import org.lmlab.training.tasks.SyntheticTasks;

/**
 * What a positional-encoding length-generalisation study (Kazemnejad et al. 2023) runs: every task
 * x encoding x seed is one training run of a small decoder-only transformer on sizes
 * {@code 1..trainMax}, tested by exact match at every size {@code 1..testMax}.
 *
 * @param tasks        task names ({@link SyntheticTasks#names()}), each once
 * @param encodings    position encodings ({@link PositionEncoding#NAMES}), each once
 * @param seeds        training seeds: each fixes a run's initial values and data order
 * @param trainMax     longest training size (L_train)
 * @param testMax      longest test size, at least trainMax
 * @param dim          model width
 * @param layers       blocks
 * @param heads        attention heads (dim must be a multiple)
 * @param steps        optimiser steps per run
 * @param batch        examples per step
 * @param learningRate peak learning rate (warm-up, cosine decay: {@link TrainingSettings#of})
 * @param testExamples test examples per size (fewer where a size has fewer distinct inputs)
 * @param testSeed     fixes the test sets (the same for every run, encoding and seed)
 * @param threads      PyTorch intra-op threads while training; results are bit-reproducible for a
 *                     fixed count, so it is part of the study's definition
 */
public record StudyConfig(List<String> tasks, List<String> encodings, List<Long> seeds, int trainMax, int testMax,
                          int dim, int layers, int heads, int steps, int batch, double learningRate,
                          int testExamples, long testSeed, int threads) {

    public StudyConfig {
        tasks = distinct("task", tasks);
        encodings = distinct("encoding", encodings);
        seeds = List.copyOf(new LinkedHashSet<>(seeds));
        tasks.forEach(SyntheticTasks::create); // names the known tasks when one is unknown
        encodings.forEach(PositionEncoding::parse);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one seed");
        }
        LengthPlan.of(trainMax, testMax); // test >= train >= 1, with the reason when not
        if (steps < 1 || batch < 1 || testExamples < 1 || threads < 1) {
            throw new IllegalArgumentException("steps, batch, test examples and threads must be at least 1; got steps "
                    + steps + ", batch " + batch + ", test examples " + testExamples + ", threads " + threads);
        }
        TrainingSettings.of(steps, learningRate); // validates the learning rate
        TransformerConfig.of(16, dim, layers, heads, 16, PositionEncoding.parse("rope")); // validates the shape
    }

    /**
     * The CPU-sized study of notebook 50: copy and addition, every encoding, one seed, trained on
     * sizes 1..5, tested to 10, a 2-layer width-64 model.
     */
    public static StudyConfig ciSized() {
        return new StudyConfig(List.of("copy", "addition"), PositionEncoding.NAMES, List.of(1L), 5, 10, 64, 2, 4, 600,
                64, 3e-3, 100, 1, 1);
    }

    public LengthPlan plan() {
        return LengthPlan.of(trainMax, testMax);
    }

    public TrainingSettings settings() {
        return TrainingSettings.of(steps, learningRate);
    }

    /** The model one run trains for {@code task} with {@code encoding}: positions enough for the longest test sequence. */
    public TransformerConfig model(SyntheticTask task, String encoding) {
        return TransformerConfig.of(task.vocabulary().size(), dim, layers, heads, plan().maxSequenceLength(task),
                PositionEncoding.parse(encoding));
    }

    /** Training runs in all. */
    public int runs() {
        return tasks.size() * encodings.size() * seeds.size();
    }

    /** The settings as text, one per line: what the results file's fingerprint covers. */
    public String definition() {
        return String.format(Locale.ROOT, "pe-study v1%ntasks: %s%nencodings: %s%nseeds: %s%ntrain sizes: 1..%d, "
                        + "test sizes: 1..%d%nmodel: width %d, %d layers, %d heads (MLP 8/3 x width, tied embeddings)%n"
                        + "training: %d steps, batch %d, peak lr %s (warm-up, cosine to 10 %%, AdamW 0.9/0.95/0.1, clip 1)"
                        + "%ntest: %d examples per size, seed %d, exact match%nthreads: %d%n",
                String.join(",", tasks), String.join(",", encodings), seeds, trainMax, testMax, dim, layers, heads,
                steps, batch, Double.toString(learningRate), testExamples, testSeed, threads);
    }

    private static List<String> distinct(String what, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String key = n.trim().toLowerCase(Locale.ROOT);
            if (out.contains(key)) {
                throw new IllegalArgumentException(what + " '" + n + "' is listed twice");
            }
            out.add(key);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one " + what);
        }
        return List.copyOf(out);
    }
}

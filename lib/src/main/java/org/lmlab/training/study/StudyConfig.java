package org.lmlab.training.study;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.TransformerConfig;
import org.lmlab.training.position.PositionEncoding;

/**
 * What a positional-encoding length-generalisation study (Kazemnejad et al. 2023) runs: every task
 * x encoding x seed is one training run of a small decoder-only transformer on the task's sizes
 * {@code 1..trainMax}, tested by exact match at every size {@code 1..testMax}.
 *
 * @param tasks        the tasks with their sizes and steps, each task once
 * @param encodings    position encodings ({@link PositionEncoding#NAMES}), each once
 * @param seeds        training seeds: each fixes a run's initial values and data order
 * @param dim          model width
 * @param layers       blocks
 * @param heads        attention heads (dim must be a multiple)
 * @param batch        examples per step
 * @param learningRate peak learning rate (warm-up, cosine decay: {@link TrainingSettings#of})
 * @param testExamples test examples per size (fewer where a size has fewer distinct inputs)
 * @param testSeed     fixes the test sets (the same for every run, encoding and seed)
 * @param threads      PyTorch intra-op threads while training; results are bit-reproducible for a
 *                     fixed count, so it is part of the study's definition
 */
public record StudyConfig(List<StudyTask> tasks, List<String> encodings, List<Long> seeds, int dim, int layers,
                          int heads, int batch, double learningRate, int testExamples, long testSeed, int threads)
        implements Serializable {

    public StudyConfig {
        tasks = List.copyOf(tasks);
        encodings = distinct(encodings);
        seeds = List.copyOf(new LinkedHashSet<>(seeds));
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one task");
        }
        List<String> names = new ArrayList<>();
        for (StudyTask t : tasks) {
            if (names.contains(t.name())) {
                throw new IllegalArgumentException("task '" + t.name() + "' is listed twice");
            }
            names.add(t.name());
        }
        encodings.forEach(PositionEncoding::parse); // names the known encodings when one is unknown
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one seed");
        }
        if (batch < 1 || testExamples < 1 || threads < 1) {
            throw new IllegalArgumentException("batch, test examples and threads must be at least 1; got batch " + batch
                    + ", test examples " + testExamples + ", threads " + threads);
        }
        TrainingSettings.of(1, learningRate); // validates the learning rate
        TransformerConfig.of(16, dim, layers, heads, 16, PositionEncoding.parse("rope")); // validates the shape
    }

    /** Every task with the same sizes and steps. */
    public static List<StudyTask> tasks(List<String> names, int trainMax, int testMax, int steps) {
        List<StudyTask> out = new ArrayList<>();
        for (String n : names) {
            out.add(new StudyTask(n, trainMax, testMax, steps));
        }
        return out;
    }

    /**
     * The CPU-sized study of notebook 50: copy to 4 symbols (tested to 8, 1,600 steps) and addition
     * to 2 digits (tested to 4, 4,000 steps), every encoding, one seed, a 2-layer width-64 model, peak
     * learning rate 3e-3, batch 64.
     */
    public static StudyConfig ciSized() {
        return new StudyConfig(List.of(new StudyTask("copy", 4, 8, 1600), new StudyTask("addition", 2, 4, 4000)),
                PositionEncoding.NAMES, List.of(1L), 64, 2, 4, 64, 3e-3, 100, 1, 1);
    }

    /** The model one run trains for {@code task} with {@code encoding}: positions enough for the longest test sequence. */
    public TransformerConfig model(StudyTask task, String encoding) {
        return TransformerConfig.of(task.task().vocabulary().size(), dim, layers, heads,
                task.plan().maxSequenceLength(task.task()), PositionEncoding.parse(encoding));
    }

    /** Training runs in all. */
    public int runs() {
        return tasks.size() * encodings.size() * seeds.size();
    }

    /** Training steps of all runs. */
    public long totalSteps() {
        return tasks.stream().mapToLong(StudyTask::steps).sum() * encodings.size() * seeds.size();
    }

    /** The settings as text, one per line: what the results file's fingerprint covers. */
    public String definition() {
        StringBuilder t = new StringBuilder();
        for (StudyTask task : tasks) {
            t.append(t.length() == 0 ? "" : ", ").append(task.describe());
        }
        return String.format(Locale.ROOT, "pe-study v1%ntasks: %s%nencodings: %s%nseeds: %s%nmodel: width %d, %d layers, "
                        + "%d heads (MLP 8/3 x width, tied embeddings)%ntraining: batch %d, peak lr %s (warm-up, cosine "
                        + "to 10 %%, AdamW 0.9/0.95/0.1, clip 1)%ntest: %d examples per size, seed %d, exact match%n"
                        + "threads: %d%n",
                t, String.join(",", encodings), seeds, dim, layers, heads, batch, Double.toString(learningRate),
                testExamples, testSeed, threads);
    }

    private static List<String> distinct(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String key = n.trim().toLowerCase(Locale.ROOT);
            if (out.contains(key)) {
                throw new IllegalArgumentException("encoding '" + n + "' is listed twice");
            }
            out.add(key);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one encoding");
        }
        return List.copyOf(out);
    }
}

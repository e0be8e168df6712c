package org.lmlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.reference.ConstantCollections;
import org.lmlab.training.position.AlibiBias;
import org.lmlab.training.position.PositionEncoding;
import org.lmlab.training.position.Rotary;
import org.lmlab.training.position.T5Bias;

class TrainerTest {

    @AfterEach
    void clearStop() {
        Cancellation.reset();
    }

    @Test
    void twoRunsWithOneSeedGiveIdenticalLosses() {
        double[] a = run(Rotary.standard(), 11, 1e-2);
        double[] b = run(Rotary.standard(), 11, 1e-2);
        assertArrayEquals(a, b, 0, "same seed, same losses bit for bit");
        assertFalse(Arrays.equals(a, run(Rotary.standard(), 12, 1e-2)), "another seed, other losses");
        double[] t5 = run(new T5Bias(4, 8), 11, 1e-2);
        assertArrayEquals(t5, run(new T5Bias(4, 8), 11, 1e-2), 0);
    }

    /**
     * A collection during a step must not change it: DJL's Number operands live in direct buffers that the
     * collector frees, and a backward pass that kept one read freed memory (a Spark executor's small heap showed
     * it as a PE-study run off in its last digits once in ~60). Here a thread asks for a collection every
     * millisecond while every encoding trains; losses and the final parameters must equal a quiet run's.
     */
    @Test
    void collectionsDuringTrainingChangeNothing() throws InterruptedException {
        for (PositionEncoding encoding : TinyModels.encodings()) {
            double[] quiet = trainAndEvaluate(encoding);
            assertArrayEquals(quiet, ConstantCollections.during(() -> trainAndEvaluate(encoding)), 0, encoding.name());
        }
    }

    /** The losses of 40 steps, then the trained model's loss on a fixed batch. */
    private static double[] trainAndEvaluate(PositionEncoding encoding) {
        try (Transformer model = Transformer.initialize(TinyModels.config(encoding, 2), 5, DataType.FLOAT32)) {
            TrainingResult r = Trainer.train(model, TinyModels.counting(8, 8, 5), TrainingSettings.of(40, 1e-2),
                    Progress.NONE);
            assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
            double[] out = Arrays.copyOf(r.losses(), r.losses().length + 1);
            out[out.length - 1] = model.evaluate(TinyModels.paddedBatch());
            return out;
        }
    }

    @Test
    void lossFallsOnALearnablePattern() {
        double[] losses = run(AlibiBias.paper(), 3, 3e-2);
        System.out.println("counting task, ALiBi: loss " + losses[0] + " -> " + losses[losses.length - 1]);
        assertTrue(losses[losses.length - 1] < 0.7 * losses[0], Arrays.toString(losses));
    }

    @Test
    void aDivergingRunStopsAndKeepsTheLastGoodParameters() {
        TransformerConfig config = TinyModels.config(Rotary.standard(), 2);
        BatchSource data = TinyModels.counting(4, 8, 5);
        try (Transformer model = Transformer.initialize(config, 1, DataType.FLOAT32)) {
            TrainingSettings settings = new TrainingSettings(30, 1e30, 0, 1, TrainingSettings.of(1, 1).adamw(), 0);
            TrainingResult r = Trainer.train(model, data, settings, Progress.NONE);
            System.out.println(r);
            assertEquals(TrainingResult.Status.DIVERGED, r.status());
            assertTrue(r.message().contains("became") && r.message().contains("Lower the learning rate"), r.message());
            assertTrue(r.steps() >= 1 && r.steps() < 30, "steps " + r.steps());
            for (double loss : r.losses()) {
                assertTrue(Double.isFinite(loss));
            }
            // the model holds the parameters that gave the last finite loss: it gives that loss again
            int last = r.steps() - 1;
            assertEquals(r.losses()[last], model.evaluate(data.batch(last)), 1e-5);
            for (Map.Entry<String, double[]> e : model.values().entrySet()) {
                assertTrue(Arrays.stream(e.getValue()).allMatch(Double::isFinite), e.getKey());
            }
        }
    }

    @Test
    void aStopRequestEndsTheRunBetweenSteps() {
        try (Transformer model = Transformer.initialize(TinyModels.config(Rotary.standard(), 1), 1, DataType.FLOAT32)) {
            TrainingResult r = Trainer.train(model, TinyModels.counting(2, 8, 1), TrainingSettings.of(20, 1e-2),
                    Progress.NONE, (step, loss, lr) -> {
                        if (step == 2) {
                            Cancellation.request();
                        }
                    });
            assertEquals(TrainingResult.Status.CANCELLED, r.status());
            assertEquals(3, r.steps());
            assertTrue(r.message().contains("after 3 of 20 steps"), r.message());
        }
    }

    @Test
    void paddingIsNeitherAttendedToNorScored() {
        TransformerConfig config = TinyModels.config(Rotary.standard(), 2);
        try (Transformer model = Transformer.of(config, DataType.FLOAT64, TinyModels.wide(config, 2))) {
            Batch padded = TinyModels.paddedBatch();
            int[][] otherPadding = {padded.inputs()[0].clone(), padded.inputs()[1].clone()};
            int[][] otherTargets = {padded.targets()[0].clone(), padded.targets()[1].clone()};
            otherPadding[1][4] = 1;
            otherPadding[1][5] = 2;
            otherTargets[1][4] = 9;
            otherTargets[1][5] = 0;
            double loss = model.evaluate(padded);
            assertEquals(loss, model.evaluate(new Batch(otherPadding, otherTargets, padded.lengths())), 1e-15);
            // the padded row's real positions give the logits of the row run alone
            float[][] alone = model.logits(Arrays.copyOf(padded.inputs()[1], 4));
            try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                float[] batched = model.logits(padded).toType(DataType.FLOAT32, false).toFloatArray();
                int v = config.vocabSize();
                for (int t = 0; t < 4; t++) {
                    float[] row = Arrays.copyOfRange(batched, (6 + t) * v, (6 + t + 1) * v);
                    assertArrayEquals(alone[t], row, 1e-6f, "position " + t);
                }
            }
        }
    }

    private static double[] run(PositionEncoding encoding, long seed, double lr) {
        try (Transformer model = Transformer.initialize(TinyModels.config(encoding, 2), seed, DataType.FLOAT32)) {
            TrainingResult r = Trainer.train(model, TinyModels.counting(8, 8, seed), TrainingSettings.of(40, lr),
                    Progress.NONE);
            assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
            return r.losses();
        }
    }
}

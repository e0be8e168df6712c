package org.lmlab.training.lm;

import java.nio.file.Path;
import org.lmlab.model.tokenizer.ByteVocabulary;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.TransformerConfig;

/**
 * A tiny byte-level language model to train on a text file ({@code %train lm}).
 *
 * @param text       the training text (UTF-8); its last {@code heldOut} share is kept for validation
 * @param model      the model's shape (vocabulary 256: one token per byte)
 * @param settings   steps, learning rate, schedule, optimiser
 * @param batch      rows per step
 * @param seed       initial values and data order
 * @param heldOut    share of the text held out, in (0, 0.5]
 * @param out        the checkpoint directory (config.json, model.safetensors, tokenizer.json, training.json)
 * @param threads    PyTorch intra-op threads while training (0: the engine's setting)
 */
public record LmRequest(Path text, TransformerConfig model, TrainingSettings settings, int batch, long seed,
                        double heldOut, Path out, int threads) {

    public LmRequest {
        if (model.vocabSize() != ByteVocabulary.SIZE) {
            throw new IllegalArgumentException("a byte-level model has a vocabulary of 256, not " + model.vocabSize());
        }
        if (batch < 1) {
            throw new IllegalArgumentException("the batch must be >= 1 rows, got " + batch);
        }
        if (!(heldOut > 0 && heldOut <= 0.5)) {
            throw new IllegalArgumentException("the held-out share must be in (0, 0.5], got " + heldOut);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0: the engine's setting), got " + threads);
        }
        if (text == null || out == null) {
            throw new IllegalArgumentException("a text file and an output directory are required");
        }
    }
}

package org.lmlab.training.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.progress.Progress;
import org.lmlab.training.TinyModels;
import org.lmlab.training.Trainer;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.Transformer;
import org.lmlab.training.TransformerConfig;
import org.lmlab.training.position.PositionEncoding;

/** A trained checkpoint read back by the inference engine's loader gives the trainer's logits. */
class CheckpointTest {

    @TempDir
    Path dir;

    static final int[] TOKENS = {1, 4, 9, 3, 3, 0, 10, 7};

    @ParameterizedTest
    @ValueSource(strings = {"rope", "nope", "alibi"})
    void theEngineReadsRopeNopeAndAlibiCheckpointsWithTheSameLogits(String name) throws Exception {
        TransformerConfig config = TinyModels.config(PositionEncoding.parse(name), 2).withTiedEmbeddings(false);
        float[][] trained;
        try (Transformer model = trainedBriefly(config)) {
            trained = model.logits(TOKENS);
            Checkpoint.write(model, dir);
        }
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals("llama", json.get("model_type").getAsString());
        assertEquals(8, json.get("max_position_embeddings").getAsInt());
        assertEquals(name, json.getAsJsonObject("lmlab_position_encoding").get("type").getAsString());
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir);
             LlamaDecoder decoder = LlamaDecoder.load(source, Device.cpu())) {
            float[][] engine = decoder.logits(TOKENS);
            double worst = 0;
            for (int i = 0; i < TOKENS.length; i++) {
                for (int v = 0; v < engine[i].length; v++) {
                    worst = Math.max(worst, Math.abs(engine[i][v] - trained[i][v]));
                }
            }
            System.out.printf(Locale.ROOT, "%s checkpoint: max |engine - trainer| logit %.2e%n", name, worst);
            assertTrue(worst < 1e-5, name + ": " + worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"absolute", "sinusoidal", "t5"})
    void trainerOnlyEncodingsAreRefusedByTheEngineAndReadByTheTrainer(String name) throws Exception {
        TransformerConfig config = TinyModels.config(PositionEncoding.parse(name), 2);
        float[][] trained;
        try (Transformer model = trainedBriefly(config)) {
            trained = model.logits(TOKENS);
            Checkpoint.write(model, dir);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsTensorSource.open(dir));
        assertTrue(e.getMessage().contains("trained with " + name + " positions")
                && e.getMessage().contains("does not run") && e.getMessage().contains("Checkpoint.read"), e.getMessage());
        try (Transformer back = Checkpoint.read(dir, DataType.FLOAT32)) {
            assertEquals(config, back.config());
            float[][] again = back.logits(TOKENS);
            for (int i = 0; i < TOKENS.length; i++) {
                assertArrayEquals(trained[i], again[i], 0f);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aNopeModelRefusesRopeScalingOnTheEngine() throws Exception {
        try (Transformer model = Transformer.initialize(TinyModels.config(PositionEncoding.parse("nope"), 1), 1,
                DataType.FLOAT32)) {
            Checkpoint.write(model, dir);
        }
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir);
             LlamaDecoder decoder = LlamaDecoder.load(source, Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.with(
                    org.lmlab.model.extrapolation.Extrapolation.rope(new org.lmlab.model.rope.RopeScaling.Linear(2))));
            assertTrue(e.getMessage().contains("trained with nope positions"), e.getMessage());
        }
    }

    private static Transformer trainedBriefly(TransformerConfig config) {
        Transformer model = Transformer.initialize(config, 4, DataType.FLOAT32);
        Trainer.train(model, TinyModels.counting(4, 8, 4), TrainingSettings.of(5, 3e-2), Progress.NONE);
        return model;
    }
}

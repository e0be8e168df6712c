package org.lmlab.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.extrapolation.Positions;

/** config.json's lmlab_position_encoding: the trained positions of models lmlab's trainer wrote. */
class HfPositionsTest {

    @TempDir
    Path dir;

    private LlamaConfig read(String extra) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\":\"llama\",\"hidden_size\":64,\"num_attention_heads\":4,"
                + "\"vocab_size\":256,\"intermediate_size\":96,\"num_hidden_layers\":1,\"max_position_embeddings\":128"
                + (extra.isEmpty() ? "" : "," + extra) + "}");
        return HfConfig.read(file);
    }

    @Test
    void absentMeansRopeAndTheTrainersEnginesEncodingsAreRead() throws IOException {
        assertEquals(new Positions.Rope(null), read("").trainedPositions());
        assertTrue(read("").rope());
        assertEquals(new Positions.Rope(null), read("\"lmlab_position_encoding\":{\"type\":\"rope\",\"rope_theta\":1e4}")
                .trainedPositions());
        LlamaConfig nope = read("\"lmlab_position_encoding\":{\"type\":\"nope\"}");
        assertEquals(new Positions.NoPE(), nope.trainedPositions());
        assertFalse(nope.rope());
        assertEquals(new Positions.Alibi(4), read("\"lmlab_position_encoding\":{\"type\":\"alibi\",\"max_bias\":4}")
                .trainedPositions());
        assertEquals(Positions.Alibi.paper(), read("\"lmlab_position_encoding\":{\"type\":\"alibi\"}").trainedPositions());
    }

    @Test
    void trainerOnlyAndUnknownEncodingsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("\"lmlab_position_encoding\":{\"type\":\"sinusoidal\",\"base\":10000}"));
        assertTrue(e.getMessage().contains("config.json: \"lmlab_position_encoding\" is \"sinusoidal\"")
                && e.getMessage().contains("Checkpoint.read"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read("\"lmlab_position_encoding\":{\"type\":\"xpos\"}"));
        assertTrue(e.getMessage().contains("unknown type \"xpos\"; known: rope, nope, alibi"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read("\"lmlab_position_encoding\":\"nope\""));
        assertTrue(e.getMessage().contains("must be an object with a \"type\""), e.getMessage());
    }
}

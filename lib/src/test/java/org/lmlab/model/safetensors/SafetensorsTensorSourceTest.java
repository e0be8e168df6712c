package org.lmlab.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.weights.HalfFloats;
import org.lmlab.reference.PythonReference;

/**
 * Reading Hugging Face directories written by Python (F32, F16 and BF16; one file or sharded
 * with an index): every value must equal numpy's widening of the stored bits exactly.
 */
class SafetensorsTensorSourceTest {

    @TempDir Path dir;

    static String script() throws IOException {
        try (InputStream in = SafetensorsTensorSourceTest.class.getResourceAsStream("tiny_model.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes a tiny model into {@code dir} and returns numpy's widened values per tensor. */
    static JsonObject write(Path dir, String dtype, int shards, String arch, boolean tied) throws Exception {
        String json = PythonReference.run(script(), dir.toString(), dtype, Integer.toString(shards), arch, tied ? "1" : "0");
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @ParameterizedTest
    @CsvSource({"F32, 1, llama, true", "F16, 1, llama, false", "BF16, 1, qwen2, true", "F16, 3, qwen2, false"})
    void valuesEqualNumpyWidening(String dtype, int shards, String arch, boolean tied) throws Exception {
        JsonObject expected = write(dir, dtype, shards, arch, tied);
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir)) {
            assertEquals(expected.keySet(), new java.util.HashSet<>(source.tensorNames()));
            for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
                JsonArray values = e.getValue().getAsJsonArray();
                FloatBuffer got = source.read(e.getKey());
                assertEquals(values.size(), got.remaining(), e.getKey());
                for (int i = 0; i < values.size(); i++) {
                    assertEquals(values.get(i).getAsFloat(), got.get(i), 0f, e.getKey() + "[" + i + "]");
                }
                assertEquals(dtype, source.info(e.getKey()).storageType());
            }
            LlamaConfig c = source.config();
            assertEquals(arch, c.architecture());
            assertEquals(tied, c.tiedEmbeddings());
            assertEquals(arch.equals("qwen2"), c.attentionBias());
            assertEquals(4, c.headDim());
        }
    }

    void editConfig(String from, String to) throws IOException {
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from), text);
        Files.writeString(config, text.replace(from, to));
    }

    @Test
    void configNotMatchingTensorsNamesTensorAndShapes() throws Exception {
        write(dir, "F32", 1, "llama", true);
        editConfig("\"hidden_size\": 16", "\"hidden_size\": 20");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsTensorSource.open(dir));
        assertTrue(e.getMessage().contains("model.embed_tokens.weight has shape [32, 16]"), e.getMessage());
        assertTrue(e.getMessage().contains("expects [32, 20]"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        write(dir, "F32", 1, "llama", false);
        editConfig("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsTensorSource.open(dir));
        assertTrue(e.getMessage().contains("model.layers.2.input_layernorm.weight is missing"), e.getMessage());
    }

    @Test
    void truncatedFileNamesFileAndOffset() throws Exception {
        write(dir, "F32", 1, "llama", true);
        Path file = dir.resolve("model.safetensors");
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 10);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsTensorSource.open(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("ends at offset " + size), e.getMessage());
        assertTrue(e.getMessage().contains("only " + (size - 10) + " bytes"), e.getMessage());
    }

    @Test
    void fileShorterThanItsHeaderIsRejected() throws Exception {
        write(dir, "F32", 1, "llama", true);
        Path file = dir.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(100);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsTensorSource.open(dir));
        assertTrue(e.getMessage().contains(file + ": header length"), e.getMessage());
        assertTrue(e.getMessage().contains("read at offset 0"), e.getMessage());
    }

    @Test
    void missingConfigIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsTensorSource.open(dir));
        assertTrue(e.getMessage().contains("no config.json"), e.getMessage());
    }

    @Test
    void absentTensorIsNamed() throws Exception {
        write(dir, "F32", 1, "llama", true);
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source.read("lm_head.weight"));
            assertTrue(e.getMessage().contains("no tensor lm_head.weight"), e.getMessage());
        }
    }

    @Test
    void halfFloatSpecialValues() {
        // bit patterns from the IEEE 754 binary16 definition
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.f16((short) 0x7c00));
        assertTrue(Float.isNaN(HalfFloats.f16((short) 0x7e00)));
        assertEquals(0x1p-24f, HalfFloats.f16((short) 0x0001));
        assertEquals(-2f, HalfFloats.f16((short) 0xc000));
        assertEquals(65504f, HalfFloats.f16((short) 0x7bff));
        assertArrayEquals(new float[] {1f}, new float[] {HalfFloats.bf16((short) 0x3f80)});
    }
}

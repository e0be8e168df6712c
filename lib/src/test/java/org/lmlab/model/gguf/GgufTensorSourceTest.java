package org.lmlab.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmlab.model.LlamaConfig;
import org.lmlab.reference.PythonReference;

/** The bundled model as a {@link org.lmlab.model.weights.TensorSource}, against gguf.GGUFReader and numpy. */
class GgufTensorSourceTest {

    private static final String METADATA = String.join("\n",
            "import sys",
            "from gguf import GGUFReader",
            "from gguf.quants import dequantize",
            "r = GGUFReader(sys.argv[1])",
            "f = lambda k: r.fields[k].contents()",
            "print('config', f('general.architecture'), len(f('tokenizer.ggml.tokens')), f('llama.embedding_length'),",
            "      f('llama.feed_forward_length'), f('llama.block_count'), f('llama.attention.head_count'),",
            "      f('llama.attention.head_count_kv'), f('llama.rope.dimension_count'), repr(f('llama.rope.freq_base')),",
            "      repr(f('llama.attention.layer_norm_rms_epsilon')), f('llama.context_length'))",
            "for t in r.tensors:",
            "    print('tensor', t.name, t.tensor_type.name, *dequantize(t.data, t.tensor_type).shape)");

    @Test
    void configNamesAndShapesFollowTheFile() throws Exception {
        Map<String, String[]> tensors = new HashMap<>();
        String[] config = null;
        for (String line : PythonReference.run(METADATA, BundledModel.path().toString()).strip().split("\n")) {
            String[] f = line.split(" ");
            if (f[0].equals("config")) {
                config = f;
            } else {
                tensors.put(f[1], Arrays.copyOfRange(f, 2, f.length));
            }
        }
        try (GgufTensorSource source = GgufTensorSource.open(BundledModel.path())) {
            LlamaConfig c = source.config();
            assertEquals(new LlamaConfig(config[1], Integer.parseInt(config[2]), Integer.parseInt(config[3]),
                    Integer.parseInt(config[4]), Integer.parseInt(config[5]), Integer.parseInt(config[6]),
                    Integer.parseInt(config[7]), Integer.parseInt(config[8]), Float.parseFloat(config[9]),
                    Float.parseFloat(config[10]), Integer.parseInt(config[11]), true, false), c);
            assertEquals(tensors.size(), source.tensorNames().size());
            assertEquals("model.embed_tokens.weight", source.tensorNames().get(0));
            assertFalse(source.tensorNames().contains("lm_head.weight"));
            for (Map.Entry<String, String[]> e : tensors.entrySet()) {
                String hf = GgufNames.toHuggingFace(e.getKey());
                assertTrue(hf.startsWith("model."), hf);
                long[] shape = Arrays.stream(e.getValue()).skip(1).mapToLong(Long::parseLong).toArray();
                assertArrayEquals(shape, source.info(hf).shape(), hf);
                assertEquals(e.getValue()[0], source.info(hf).storageType(), hf);
            }
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> source.read("lm_head.weight"));
            assertTrue(missing.getMessage().startsWith("no tensor lm_head.weight in "), missing.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "blk.12.attn_q.weight, model.layers.12.self_attn.q_proj.weight",
        "blk.0.attn_k.bias, model.layers.0.self_attn.k_proj.bias",
        "blk.1.attn_v.weight, model.layers.1.self_attn.v_proj.weight",
        "blk.1.attn_output.weight, model.layers.1.self_attn.o_proj.weight",
        "blk.2.ffn_gate.weight, model.layers.2.mlp.gate_proj.weight",
        "blk.2.ffn_up.weight, model.layers.2.mlp.up_proj.weight",
        "blk.2.ffn_down.weight, model.layers.2.mlp.down_proj.weight",
        "blk.3.attn_norm.weight, model.layers.3.input_layernorm.weight",
        "blk.3.ffn_norm.weight, model.layers.3.post_attention_layernorm.weight",
        "token_embd.weight, model.embed_tokens.weight",
        "output_norm.weight, model.norm.weight",
        "output.weight, lm_head.weight",
        "rope_freqs.weight, rope_freqs.weight"})
    void huggingFaceNames(String gguf, String huggingFace) {
        assertEquals(huggingFace, GgufNames.toHuggingFace(gguf));
    }

    @Test
    void queryAndKeyRowsAreInHuggingFaceOrderLikeNumpysReversePermute(@TempDir Path dir) throws Exception {
        String[] specs = {"blk.0.attn_q.weight:9", "blk.0.attn_k.weight:3", "blk.29.attn_q.weight:9",
            "blk.29.attn_k.weight:3"};
        String[] args = new String[2 + specs.length];
        args[0] = BundledModel.path().toString();
        args[1] = dir.toString();
        System.arraycopy(specs, 0, args, 2, specs.length);
        PythonReference.run(BundledModel.script("qk_reverse_permute.py"), args);
        try (GgufTensorSource source = GgufTensorSource.open(BundledModel.path())) {
            for (String spec : specs) {
                String gguf = spec.substring(0, spec.indexOf(':'));
                float[] expected = BundledModel.readF32(dir.resolve(gguf + ".f32"));
                float[] ours = array(source.read(GgufNames.toHuggingFace(gguf)));
                assertEquals(0, BundledModel.bitMismatches(expected, ours), gguf);
                // and the permutation is not the identity: the stored order differs
                float[] stored = source.file().dequantize(source.file().tensor(gguf));
                assertTrue(BundledModel.bitMismatches(stored, ours) > 0, gguf);
            }
            float[] v = array(source.read("model.layers.0.self_attn.v_proj.weight"));
            assertEquals(0, BundledModel.bitMismatches(source.file().dequantize(source.file().tensor("blk.0.attn_v.weight")), v));
        }
    }

    @Test
    void qwen2KeysBiasesAndUntiedOutputAreNotPermuted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny-qwen2.gguf");
        Map<String, String> hashes = tinyModel(file, "qwen2");
        try (GgufTensorSource source = GgufTensorSource.open(file)) {
            assertEquals(new LlamaConfig("qwen2", 40, 64, 96, 2, 4, 2, 16, 1e6, (double) 1e-6f, 256, false, true),
                    source.config());
            assertTrue(source.tensorNames().contains("lm_head.weight"));
            assertTrue(source.tensorNames().contains("model.layers.1.self_attn.k_proj.bias"));
            for (Map.Entry<String, String> e : hashes.entrySet()) {
                float[] values = array(source.read(GgufNames.toHuggingFace(e.getKey())));
                assertEquals(e.getValue(), BundledModel.sha256(values), e.getKey());
            }
        }
    }

    @Test
    void llamaWithoutOptionalKeysFallsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny-llama.gguf");
        tinyModel(file, "llama");
        try (GgufTensorSource source = GgufTensorSource.open(file)) {
            // vocab from the token list, head width = hidden / heads, tied embeddings, no bias
            assertEquals(new LlamaConfig("llama", 40, 64, 96, 2, 4, 2, 16, 1e6, (double) 1e-6f, 256, true, false),
                    source.config());
            assertEquals(64 * 64, source.read("model.layers.0.self_attn.q_proj.weight").remaining());
        }
    }

    private static Map<String, String> tinyModel(Path file, String arch) throws Exception {
        Map<String, String> hashes = new HashMap<>();
        for (String line : PythonReference.run(BundledModel.script("write_tiny.py"), file.toString(), arch)
                .strip().split("\n")) {
            String[] f = line.split(" ");
            hashes.put(f[0], f[1]);
        }
        return hashes;
    }

    private static float[] array(FloatBuffer buffer) {
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}

package org.lmlab.model.llama;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.weights.TensorInfo;
import org.lmlab.model.weights.TensorSource;

/**
 * The tensors a LLaMA-family decoder needs, by Hugging Face name, with the shape the config
 * implies. One place for the naming scheme, used to check a checkpoint before loading it.
 */
public final class WeightLayout {

    private WeightLayout() {}

    public static String layer(int i, String suffix) {
        return "model.layers." + i + "." + suffix;
    }

    /** Name → expected PyTorch shape for every tensor the decoder reads, in load order. */
    public static Map<String, long[]> expectedShapes(LlamaConfig c) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        shapes.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.layers(); i++) {
            shapes.put(layer(i, "input_layernorm.weight"), new long[] {h});
            shapes.put(layer(i, "self_attn.q_proj.weight"), new long[] {q, h});
            shapes.put(layer(i, "self_attn.k_proj.weight"), new long[] {kv, h});
            shapes.put(layer(i, "self_attn.v_proj.weight"), new long[] {kv, h});
            if (c.attentionBias()) {
                shapes.put(layer(i, "self_attn.q_proj.bias"), new long[] {q});
                shapes.put(layer(i, "self_attn.k_proj.bias"), new long[] {kv});
                shapes.put(layer(i, "self_attn.v_proj.bias"), new long[] {kv});
            }
            shapes.put(layer(i, "self_attn.o_proj.weight"), new long[] {h, q});
            shapes.put(layer(i, "post_attention_layernorm.weight"), new long[] {h});
            shapes.put(layer(i, "mlp.gate_proj.weight"), new long[] {c.intermediateSize(), h});
            shapes.put(layer(i, "mlp.up_proj.weight"), new long[] {c.intermediateSize(), h});
            shapes.put(layer(i, "mlp.down_proj.weight"), new long[] {h, c.intermediateSize()});
        }
        shapes.put("model.norm.weight", new long[] {h});
        if (!c.tiedEmbeddings()) {
            shapes.put("lm_head.weight", new long[] {c.vocabSize(), h});
        }
        return shapes;
    }

    /**
     * Checks that {@code source} holds every tensor its config implies, with that shape.
     *
     * @throws IllegalArgumentException naming the first missing or mis-shaped tensor, the expected
     *     and the actual shape, and {@code origin} (the file or directory)
     */
    public static void check(TensorSource source, String origin) {
        LlamaConfig c = source.config();
        Set<String> present = new HashSet<>(source.tensorNames());
        for (Map.Entry<String, long[]> e : expectedShapes(c).entrySet()) {
            if (!present.contains(e.getKey())) {
                throw new IllegalArgumentException(
                        origin + ": tensor " + e.getKey() + " is missing (required by the model config)");
            }
            TensorInfo info = source.info(e.getKey());
            if (!Arrays.equals(info.shape(), e.getValue())) {
                throw new IllegalArgumentException(
                        origin + ": tensor " + e.getKey() + " has shape " + Arrays.toString(info.shape())
                                + " but the config (hidden_size=" + c.hiddenSize() + ", heads=" + c.heads()
                                + ", kv_heads=" + c.kvHeads() + ", head_dim=" + c.headDim() + ", intermediate_size="
                                + c.intermediateSize() + ", vocab_size=" + c.vocabSize() + ") expects "
                                + Arrays.toString(e.getValue()));
            }
        }
    }
}

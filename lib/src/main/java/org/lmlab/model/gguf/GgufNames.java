package org.lmlab.model.gguf;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GGUF tensor names to Hugging Face names for LLaMA-family decoders ({@code blk.3.attn_q.weight}
 * to {@code model.layers.3.self_attn.q_proj.weight}). Names outside that scheme (such as
 * {@code rope_freqs.weight}) are kept as they are.
 */
public final class GgufNames {

    private static final Pattern BLOCK = Pattern.compile("blk\\.(\\d+)\\.([a-z_]+)\\.(weight|bias)");

    private static final Map<String, String> TOP = Map.of(
            "token_embd", "model.embed_tokens",
            "output_norm", "model.norm",
            "output", "lm_head");

    private static final Map<String, String> IN_BLOCK = Map.of(
            "attn_q", "self_attn.q_proj",
            "attn_k", "self_attn.k_proj",
            "attn_v", "self_attn.v_proj",
            "attn_output", "self_attn.o_proj",
            "ffn_gate", "mlp.gate_proj",
            "ffn_up", "mlp.up_proj",
            "ffn_down", "mlp.down_proj",
            "attn_norm", "input_layernorm",
            "ffn_norm", "post_attention_layernorm");

    private GgufNames() {
    }

    public static String toHuggingFace(String gguf) {
        Matcher m = BLOCK.matcher(gguf);
        if (m.matches()) {
            String part = IN_BLOCK.get(m.group(2));
            return part == null ? gguf : "model.layers." + m.group(1) + "." + part + "." + m.group(3);
        }
        int dot = gguf.lastIndexOf('.');
        String top = dot < 0 ? null : TOP.get(gguf.substring(0, dot));
        return top == null ? gguf : top + gguf.substring(dot);
    }
}

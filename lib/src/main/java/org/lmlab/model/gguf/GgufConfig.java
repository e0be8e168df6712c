package org.lmlab.model.gguf;

import org.lmlab.model.LlamaConfig;

/**
 * {@link LlamaConfig} from the {@code <architecture>.*} metadata keys of a GGUF file, with the RoPE
 * scaling its keys and {@code rope_freqs} tensor carry ({@link GgufRope}).
 */
final class GgufConfig {

    private GgufConfig() {
    }

    static LlamaConfig of(GgufFile f) {
        String arch = f.string("general.architecture");
        String p = arch + ".";
        int hidden = intKey(f, p + "embedding_length");
        int heads = intKey(f, p + "attention.head_count");
        int kvHeads = f.optionalInteger(p + "attention.head_count_kv").map(Math::toIntExact).orElse(heads);
        int vocab = f.optionalInteger(p + "vocab_size").map(Math::toIntExact)
                .orElseGet(() -> vocabFromTokens(f));
        // As llama.cpp: the head width is key_length where a converter states it, else hidden / heads;
        // rope.dimension_count (the rotated part) defaults to it (GgufRope).
        int headDim = f.optionalInteger(p + "attention.key_length").map(Math::toIntExact).orElse(hidden / heads);
        double defaultEps = "qwen2".equals(arch) ? 1e-6 : 1e-5;
        int context = Math.toIntExact(f.optionalInteger(p + "context_length").orElse(2048L));
        GgufRope rope = GgufRope.read(f, arch, headDim, context);
        return new LlamaConfig(arch, vocab, hidden, intKey(f, p + "feed_forward_length"),
                intKey(f, p + "block_count"), heads, kvHeads, headDim,
                f.optionalReal(p + "rope.freq_base").orElse(10000.0),
                f.optionalReal(p + "attention.layer_norm_rms_epsilon").orElse(defaultEps),
                context,
                f.findTensor("output.weight").isEmpty(),
                f.findTensor("blk.0.attn_q.bias").isPresent(),
                rope.scaling(),
                rope.partialRotaryFactor());
    }

    private static int vocabFromTokens(GgufFile f) {
        if (f.value("tokenizer.ggml.tokens").isPresent()) {
            return f.array("tokenizer.ggml.tokens").size();
        }
        return Math.toIntExact(f.tensor("token_embd.weight").dims()[1]);
    }

    private static int intKey(GgufFile f, String key) {
        return Math.toIntExact(f.integer(key));
    }
}

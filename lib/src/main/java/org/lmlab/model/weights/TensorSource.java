package org.lmlab.model.weights;

import java.nio.FloatBuffer;
import java.util.List;
import org.lmlab.model.LlamaConfig;

/**
 * Where a decoder's weights come from: a GGUF file or a safetensors directory. The model code
 * sees one contract, whatever the file format:
 *
 * <ul>
 *   <li>names are Hugging Face names ({@code model.embed_tokens.weight},
 *       {@code model.layers.0.self_attn.q_proj.weight}, {@code model.norm.weight},
 *       {@code lm_head.weight} only when untied);
 *   <li>shapes are row-major PyTorch order;
 *   <li>data is dequantised/widened to F32, and q_proj/k_proj rows are in Hugging Face order
 *       (rotate-half RoPE): a GGUF source undoes llama.cpp's row permutation.
 * </ul>
 */
public interface TensorSource extends AutoCloseable {

    LlamaConfig config();

    /** Canonical names of every tensor, in file order. */
    List<String> tensorNames();

    /** @throws IllegalArgumentException naming the tensor when it is absent */
    TensorInfo info(String name);

    /**
     * The tensor as F32, row-major. The buffer is freshly allocated (or a read-only view of a
     * memory-mapped F32 region) and owned by the caller.
     *
     * @throws IllegalArgumentException naming the tensor when it is absent
     */
    FloatBuffer read(String name);

    /** Releases file mappings; idempotent. */
    @Override
    void close();
}

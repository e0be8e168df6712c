package org.lmlab.model.engine;

import java.util.Locale;
import org.lmlab.model.LlamaConfig;

/**
 * Memory a decoder needs on its device: the weights held at {@code weightType} plus a KV cache of
 * {@code contextLength} positions at {@code cacheType} (3 · layers · kvHeads · headDim · ctx ·
 * bytes: un-rotated keys, which extrapolation methods re-rotate, their rotated copy, and values). F32
 * weights with tied embeddings count the output head twice: the decoder holds it as a second,
 * transposed copy (see LlamaDecoder's loader). On the CPU, where lmlab's native products are loaded,
 * the decode step multiplies by native copies of the weight matrices (the layers' and the output head,
 * beside the engine's copies): {@link #withNativeCopies}. Activations are not counted: with blockwise
 * attention they stay small next to these.
 */
public record MemoryEstimate(
        long parameters,
        String weightType,
        long weightBytes,
        int contextLength,
        String cacheType,
        long kvCacheBytes,
        long nativeCopyBytes) {

    /** Estimate for {@code parameters} weights and a cache of {@code contextLength} positions. */
    public static MemoryEstimate of(
            LlamaConfig config, long parameters, String weightType, int contextLength, String cacheType) {
        if (contextLength < 0 || parameters < 0) {
            throw new IllegalArgumentException("context length and parameter count must be >= 0");
        }
        long kv =
                3L * config.layers() * config.kvHeads() * config.headDim() * contextLength
                        * bytesPerElement(cacheType);
        long headCopy = config.tiedEmbeddings() && "F32".equalsIgnoreCase(weightType)
                ? (long) config.vocabSize() * config.hiddenSize() : 0;
        return new MemoryEstimate(
                parameters, weightType, (parameters + headCopy) * bytesPerElement(weightType), contextLength,
                cacheType, kv, 0);
    }

    /**
     * This estimate plus the decode step's native copies of {@code config}'s weight matrices at this
     * estimate's weight type: per layer q|k|v, output, gate|up and down, and the output head.
     */
    public MemoryEstimate withNativeCopies(LlamaConfig config) {
        long attention = (long) config.heads() * config.headDim();
        long perLayer = (long) config.hiddenSize() * (attention + 2L * config.kvHeads() * config.headDim())
                + attention * config.hiddenSize() + 3L * config.hiddenSize() * config.intermediateSize();
        long elements = perLayer * config.layers() + (long) config.vocabSize() * config.hiddenSize();
        return new MemoryEstimate(parameters, weightType, weightBytes, contextLength, cacheType, kvCacheBytes,
                elements * bytesPerElement(weightType));
    }

    /** Bytes of one element of a floating-point type named as safetensors does ("F32", "BF16"). */
    public static int bytesPerElement(String type) {
        switch (type.toUpperCase(Locale.ROOT)) {
            case "F64":
                return 8;
            case "F32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            case "F8_E4M3":
            case "F8_E5M2":
                return 1;
            default:
                throw new IllegalArgumentException(
                        "unknown element type '" + type + "': expected F64, F32, F16, BF16, F8_E4M3 or F8_E5M2");
        }
    }

    public long totalBytes() {
        return weightBytes + kvCacheBytes + nativeCopyBytes;
    }

    @Override
    public String toString() {
        String copies = nativeCopyBytes == 0 ? ""
                : String.format(Locale.ROOT, " + native product copies: %.1f MiB", nativeCopyBytes / 1048576.0);
        return String.format(
                Locale.ROOT, "%,d parameters as %s: %.1f MiB + KV cache (%d positions, %s): %.1f MiB%s = %.1f MiB",
                parameters, weightType, weightBytes / 1048576.0, contextLength, cacheType,
                kvCacheBytes / 1048576.0, copies, totalBytes() / 1048576.0);
    }
}

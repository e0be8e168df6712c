package org.lmlab.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.llama.WeightLayout;

/**
 * The memory-per-executor table of docs/scale-out.md, computed from {@link MemoryEstimate} for published model
 * configs (Hugging Face config.json values; sources in the doc). Each config's parameter count, from lmlab's own
 * weight layout, must equal the count published for the checkpoint, so the configs are transcribed right.
 */
class ExecutorMemoryTableTest {

    /** A model's config.json values and its published parameter count. */
    record Published(String name, LlamaConfig config, long parameters) {}

    static LlamaConfig llama(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads, int headDim,
                             boolean tied) {
        return new LlamaConfig("llama", vocab, hidden, intermediate, layers, heads, kvHeads, headDim, 10000, 1e-5,
                8192, tied, false);
    }

    static final List<Published> MODELS = List.of(
            // parameter counts: SmolLM2-135M as the bundled GGUF's tensor table counts it (and the HF checkpoint),
            // 360M as published (361,821,120), 1.7B 1,711,376,384 (the "1.71B" of its card), Llama-3.2-1B
            // 1,235,814,400 and Llama-3.1-8B 8,030,261,248 (the safetensors totals Hugging Face shows: 1.24B, 8.03B)
            new Published("SmolLM2-135M", llama(49152, 576, 1536, 30, 9, 3, 64, true), 134_515_008L),
            new Published("SmolLM2-360M", llama(49152, 960, 2560, 32, 15, 5, 64, true), 361_821_120L),
            new Published("SmolLM2-1.7B", llama(49152, 2048, 8192, 24, 32, 32, 64, true), 1_711_376_384L),
            new Published("Llama-3.2-1B", llama(128256, 2048, 8192, 16, 32, 8, 64, true), 1_235_814_400L),
            new Published("Llama-3.1-8B", llama(128256, 4096, 14336, 32, 32, 8, 128, false), 8_030_261_248L));

    static long parameters(LlamaConfig c) {
        long total = 0;
        for (long[] shape : WeightLayout.expectedShapes(c).values()) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            total += n;
        }
        return total;
    }

    @Test
    void configsGiveThePublishedParameterCountsAndTheTable() {
        StringBuilder table = new StringBuilder("| model | parameters | weights | weights + native copies (CPU) | KV cache"
                + " per 1k positions | total at 4k | 16k | 32k |\n|---|---|---|---|---|---|---|---|\n");
        for (Published m : MODELS) {
            assertEquals(m.parameters(), parameters(m.config()), m.name() + ": parameters from its config");
            for (String type : List.of("F32", "F16")) {
                MemoryEstimate e4 = MemoryEstimate.of(m.config(), m.parameters(), type, 4096, "F32")
                        .withNativeCopies(m.config());
                // KV cache by hand: keys un-rotated and rotated plus values, F32, per layer and KV head
                long perPosition = 3L * m.config().layers() * m.config().kvHeads() * m.config().headDim() * 4;
                assertEquals(perPosition * 4096, e4.kvCacheBytes(), m.name());
                long fixed = e4.weightBytes() + e4.nativeCopyBytes();
                table.append(String.format(Locale.ROOT, "| %s %s | %,.0f M | %s | %s | %s | %s | %s | %s |%n",
                        m.name(), type, m.parameters() / 1e6, gib(e4.weightBytes()), gib(fixed),
                        gib(perPosition * 1024), gib(fixed + perPosition * 4096), gib(fixed + perPosition * 16384),
                        gib(fixed + perPosition * 32768)));
            }
        }
        System.out.print(table);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}

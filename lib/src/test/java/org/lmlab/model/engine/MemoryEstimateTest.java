package org.lmlab.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lmlab.model.LlamaConfig;

class MemoryEstimateTest {

    static final LlamaConfig SMOLLM2 =
            new LlamaConfig("llama", 49152, 576, 1536, 30, 9, 3, 64, 1e5, 1e-5, 8192, true, false);

    @Test
    void kvCacheFollowsTheFormula() {
        MemoryEstimate m = MemoryEstimate.of(SMOLLM2, 134_515_008L, "F32", 2048, "F16");
        assertEquals(3L * 30 * 3 * 64 * 2048 * 2, m.kvCacheBytes());
        // tied embeddings in F32: the output head's transposed copy (49,152 x 576) counts once more
        assertEquals((134_515_008L + 49_152L * 576) * 4, m.weightBytes());
        assertEquals(134_515_008L * 2, MemoryEstimate.of(SMOLLM2, 134_515_008L, "F16", 2048, "F16").weightBytes());
        assertEquals(m.weightBytes() + m.kvCacheBytes(), m.totalBytes());
        assertTrue(m.toString().contains("KV cache (2048 positions, F16)"), m.toString());
    }

    @Test
    void bytesPerType() {
        assertEquals(2, MemoryEstimate.bytesPerElement("bf16"));
        assertEquals(8, MemoryEstimate.bytesPerElement("F64"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.bytesPerElement("Q4_1"));
        assertTrue(e.getMessage().contains("Q4_1"));
    }
}

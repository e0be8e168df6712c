package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.model.rope.ScaledRotaryEmbedding;

/** RoPE tables made from a scaling variant (org.lmlab.model.rope) versus the plain RotaryEmbedding. */
class ScaledRotaryEmbeddingTest {

    static final RopeGeometry G = new RopeGeometry(64, 100000, 1.0, 8192);

    @Test
    void factorOneVariantsGiveThePlainTablesBitForBit() {
        float[][] plain = new RotaryEmbedding(64, 100000).tables(8000, 300);
        for (RopeScaling s : List.of(new RopeScaling.Default(), new RopeScaling.Linear(1), new RopeScaling.StaticNtk(1),
                new RopeScaling.DynamicNtk(4))) {
            RotaryEmbedding rope = ScaledRotaryEmbedding.of(s, G, 8192); // tables() is package-private here
            float[][] scaled = rope.tables(8000, 300);
            assertArrayEquals(plain[0], scaled[0], s.type());
            assertArrayEquals(plain[1], scaled[1], s.type());
        }
    }

    @Test
    void yarnTablesCarryItsFrequenciesAndAttentionFactor() {
        ScaledRotaryEmbedding rope = ScaledRotaryEmbedding.of(RopeScaling.Yarn.of(4, 2048), G, 0);
        RopeFrequencies f = rope.frequencies();
        float[][] t = ((RotaryEmbedding) rope).tables(5000, 2);
        double[] cos = f.cos(5001);
        double[] sin = f.sin(5001);
        for (int i = 0; i < 32; i++) {
            assertEquals((float) cos[i], t[0][64 + i]);
            assertEquals((float) cos[i], t[0][64 + 32 + i]);
            assertEquals((float) sin[i], t[1][64 + i]);
            assertEquals((float) sin[i], t[1][64 + 32 + i]);
        }
        assertEquals(0.1 * Math.log(4) + 1, f.attentionFactor(), 0.0);
    }

    @Test
    void partialRotaryIsRefusedUntilTheDecoderSupportsIt() {
        String m = assertThrows(IllegalArgumentException.class, () -> ScaledRotaryEmbedding.of(new RopeScaling.Default(),
                new RopeGeometry(64, 10000, 0.5, 0), 0)).getMessage();
        assertEquals("the decoder rotates whole heads; partial_rotary_factor 0.5 (rotary dim 32 of head_dim 64) is not"
                + " supported yet", m);
    }
}

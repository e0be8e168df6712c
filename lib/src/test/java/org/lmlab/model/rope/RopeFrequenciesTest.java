package org.lmlab.model.rope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.lmlab.table.Table;

/** The frequency table, and identities that hold exactly (no reference needed). */
class RopeFrequenciesTest {

    static final RopeGeometry G = new RopeGeometry(128, 500000, 1.0, 8192);

    @Test
    void tableHasOneRowPerPair() {
        RopeFrequencies f = RopeScalingJson.parse("{\"rope_type\":\"yarn\",\"factor\":4,"
                + "\"original_max_position_embeddings\":2048}").frequencies(new RopeGeometry(64, 10000, 1.0, 0));
        try (BufferAllocator allocator = new RootAllocator();
                Table t = f.toTable(allocator, "frequencies")) {
            assertEquals(List.of("index", "inv_freq", "wavelength", "attention_factor"), t.columnNames());
            assertEquals(32, t.rowCount());
            for (int i = 0; i < 32; i++) {
                assertEquals(i, t.getInt("index", i));
                assertEquals(f.invFreq(i), t.getDouble("inv_freq", i), 0.0);
                assertEquals(2 * Math.PI / f.invFreq(i), t.getDouble("wavelength", i), 0.0);
                assertEquals(0.1 * Math.log(4) + 1, t.getDouble("attention_factor", i), 0.0);
            }
        }
        assertEquals(new RopeFrequencies.Row(0, 1.0, 2 * Math.PI, f.attentionFactor()), f.rows().get(0));
    }

    @Test
    void factorOneAndShortSequencesAreExactlyPlainRope() {
        double[] plain = new RopeScaling.Default().frequencies(G).invFreq();
        assertEquals(1.0 / Math.pow(500000, 2.0 * 5 / 128), plain[5], 0.0);
        assertArrayEquals(plain, new RopeScaling.Linear(1).frequencies(G).invFreq());
        assertArrayEquals(plain, new RopeScaling.StaticNtk(1).frequencies(G).invFreq());
        assertArrayEquals(plain, new RopeScaling.DynamicNtk(4).frequencies(G, 0).invFreq());
        assertArrayEquals(plain, new RopeScaling.DynamicNtk(4).frequencies(G, 8192).invFreq());
        double[] above = new RopeScaling.DynamicNtk(4).frequencies(G, 8193).invFreq();
        assertEquals(plain[0], above[0], 0.0);
        assertEquals(true, above[63] < plain[63]);
    }

    @Test
    void attentionFactorScalesCosAndSin() {
        RopeFrequencies f = new RopeFrequencies(new double[] {1.0, 0.5}, 1.5);
        assertArrayEquals(new double[] {1.5 * Math.cos(3.0), 1.5 * Math.cos(1.5)}, f.cos(3), 0.0);
        assertArrayEquals(new double[] {1.5 * Math.sin(3.0), 1.5 * Math.sin(1.5)}, f.sin(3), 0.0);
    }
}

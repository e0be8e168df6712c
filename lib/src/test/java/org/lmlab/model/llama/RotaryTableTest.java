package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;

/** The decoder's cos/sin tables against the scaling variants' double-precision values. */
class RotaryTableTest {

    static final RopeGeometry G = new RopeGeometry(64, 100000, 1.0, 8192);
    static final long[] POSITIONS = {0, 1, 255, 8191, 8192, 65535, 131071};

    @Test
    void tablesAreTheVariantsCosAndSinRoundedOnceToFloat() {
        for (RopeScaling s : List.of(new RopeScaling.Default(), RopeScaling.Yarn.of(4, 2048), new RopeScaling.Linear(8),
                new RopeScaling.Llama3(8, 1, 4, 8192))) {
            RopeFrequencies f = s.frequencies(G, 131072);
            float[][] t = tables(f, POSITIONS);
            for (int p = 0; p < POSITIONS.length; p++) {
                double[] cos = f.cos(POSITIONS[p]);
                double[] sin = f.sin(POSITIONS[p]);
                for (int i = 0; i < 32; i++) {
                    assertEquals((float) cos[i], t[0][p * 64 + i], s + " cos at " + POSITIONS[p]);
                    assertEquals((float) cos[i], t[0][p * 64 + 32 + i]);
                    assertEquals((float) sin[i], t[1][p * 64 + i], s + " sin at " + POSITIONS[p]);
                    assertEquals((float) sin[i], t[1][p * 64 + 32 + i]);
                }
            }
        }
    }

    @Test
    void factorOneVariantsGiveThePlainTablesBitForBit() {
        float[][] plain = tables(new RopeScaling.Default().frequencies(G, 8192), POSITIONS);
        for (RopeScaling s : List.of(new RopeScaling.Linear(1), new RopeScaling.StaticNtk(1), new RopeScaling.DynamicNtk(4))) {
            float[][] scaled = tables(s.frequencies(G, 8192), POSITIONS);
            assertArrayEquals(plain[0], scaled[0], s.type());
            assertArrayEquals(plain[1], scaled[1], s.type());
        }
    }

    private static float[][] tables(RopeFrequencies f, long[] positions) {
        try (NDManager m = NDManager.newBaseManager(DjlRuntime.pytorch().getEngineName());
                RotaryTable table = new RotaryTable(m, 64)) {
            table.prepare(f, positions[positions.length - 1]);
            return new float[][] {table.cos(m, positions).toFloatArray(), table.sin(m, positions).toFloatArray()};
        }
    }
}

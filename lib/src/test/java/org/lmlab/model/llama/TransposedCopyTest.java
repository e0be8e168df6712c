package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.engine.DjlRuntime;

/**
 * The loader's transposed weight copy: the original (made from a Java buffer) is closed once it is
 * copied, so the copy must own its memory for every shape, a matrix with one row or column included.
 */
class TransposedCopyTest {

    private static final int[][] SHAPES = {{3, 4}, {1, 5}, {5, 1}, {1, 1}};

    @Test
    void theCopyDoesNotFollowTheOriginal() {
        for (int[] s : SHAPES) {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.pytorch().getEngineName())) {
                NDArray matrix = m.create(values(s), new Shape(s[0], s[1]));
                NDArray t = LlamaDecoder.transposedCopy(matrix);
                matrix.muli(-1); // an alias of the original would change with it
                assertEquals(new Shape(s[1], s[0]), t.getShape());
                assertArrayEquals(transpose(values(s), s), t.toFloatArray(), 0, Arrays.toString(s));
            }
        }
    }

    @Test
    void theCopyOutlivesTheClosedOriginalUnderCollections() {
        for (int[] s : SHAPES) {
            try (NDManager m = NDManager.newBaseManager(DjlRuntime.pytorch().getEngineName())) {
                NDArray matrix = m.create(values(s), new Shape(s[0], s[1]));
                NDArray t = LlamaDecoder.transposedCopy(matrix);
                matrix.close();
                matrix = null;
                List<ByteBuffer> reuse = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    System.gc();
                    ByteBuffer b = ByteBuffer.allocateDirect(4 * s[0] * s[1]).order(ByteOrder.nativeOrder());
                    while (b.hasRemaining()) {
                        b.putFloat(Float.NaN);
                    }
                    reuse.add(b);
                }
                assertArrayEquals(transpose(values(s), s), t.toFloatArray(), 0, Arrays.toString(s));
            }
        }
    }

    private static float[] values(int[] s) {
        float[] v = new float[s[0] * s[1]];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    private static float[] transpose(float[] v, int[] s) {
        float[] t = new float[v.length];
        for (int r = 0; r < s[0]; r++) {
            for (int c = 0; c < s[1]; c++) {
                t[c * s[0] + r] = v[r * s[1] + c];
            }
        }
        return t;
    }
}

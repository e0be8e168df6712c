package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.lmlab.model.rope.RopeFrequencies;

/**
 * RoPE in Hugging Face's rotate-half layout (dimension i pairs with i + d/2): the cos/sin rows of
 * a run of positions and the rotation itself. One definition for the inference engine
 * ({@link RotaryTable}) and the trainer, so a trained checkpoint runs with the rotation it
 * learned.
 */
public final class RotateHalf {

    private RotateHalf() {}

    /**
     * {@code [cos, sin]}, each {@code count × 2·pairs} row-major, of positions {@code from ..
     * from+count-1}: attention_factor · cos(position · inv_freq[i]) in columns i and i + pairs.
     * Angles in double (float loses digits at large positions).
     */
    public static double[][] tables(RopeFrequencies f, int from, int count) {
        int half = f.pairs();
        int d = 2 * half;
        double[] cos = new double[count * d];
        double[] sin = new double[count * d];
        for (int t = 0; t < count; t++) {
            double[] c = f.cos(from + t);
            double[] s = f.sin(from + t);
            System.arraycopy(c, 0, cos, t * d, half);
            System.arraycopy(c, 0, cos, t * d + half, half);
            System.arraycopy(s, 0, sin, t * d, half);
            System.arraycopy(s, 0, sin, t * d + half, half);
        }
        return new double[][] {cos, sin};
    }

    /**
     * {@code x · cos + rotate_half(x) · sin} over the last axis of {@code x} (any leading axes),
     * cos/sin broadcasting against it ({@code [n, d]} for x {@code [..., n, d]}).
     */
    public static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        long half = d / 2;
        NDArray rotated = x.get(new NDIndex("..., " + half + ":")).neg().concat(x.get(new NDIndex("..., :" + half)), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}

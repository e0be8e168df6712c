package org.lmlab.model.rope;

/**
 * The model facts a RoPE variant needs: head size, base (rope_theta), the fraction of each head
 * that rotates, and the context the config declares ({@code max_position_embeddings}; 0 when
 * unknown, which only dynamic NTK and defaulted original contexts need).
 */
public record RopeGeometry(int headDim, double base, double partialRotaryFactor, int maxPositionEmbeddings) {

    public RopeGeometry {
        if (headDim <= 0) {
            throw new IllegalArgumentException("head_dim must be > 0, got " + headDim);
        }
        if (!(base > 0) || base == 1 || Double.isInfinite(base)) {
            throw new IllegalArgumentException("rope_theta (base) must be a finite number > 0 and != 1, got " + base);
        }
        if (!(partialRotaryFactor > 0 && partialRotaryFactor <= 1)) {
            throw new IllegalArgumentException("partial_rotary_factor must be in (0, 1], got " + partialRotaryFactor);
        }
        if (maxPositionEmbeddings < 0) {
            throw new IllegalArgumentException("max_position_embeddings must be >= 0 (0: unknown), got "
                    + maxPositionEmbeddings);
        }
        int d = (int) (headDim * partialRotaryFactor);
        if (d < 2 || d % 2 != 0) {
            throw new IllegalArgumentException("the rotary dim int(head_dim × partial_rotary_factor) = int(" + headDim
                    + " × " + partialRotaryFactor + ") = " + d + " must be even and >= 2");
        }
    }

    /** Full rotation, unknown context. */
    public static RopeGeometry of(int headDim, double base) {
        return new RopeGeometry(headDim, base, 1.0, 0);
    }

    /** d = int(head_dim × partial_rotary_factor), as transformers truncates it. */
    public int rotaryDim() {
        return (int) (headDim * partialRotaryFactor);
    }

    /** The number of rotary pairs, d/2: the length of inv_freq. */
    public int pairs() {
        return rotaryDim() / 2;
    }

    public RopeGeometry withBase(double newBase) {
        return new RopeGeometry(headDim, newBase, partialRotaryFactor, maxPositionEmbeddings);
    }

    public RopeGeometry withPartialRotaryFactor(double factor) {
        return new RopeGeometry(headDim, base, factor, maxPositionEmbeddings);
    }

    /** Default frequencies inv_i = 1 / base^(2i/d), the unscaled RoPE every variant starts from. */
    double[] defaultInverseFrequencies() {
        return inverseFrequencies(base);
    }

    /** inv_i = 1 / b^(2i/d) for another base b (the NTK variants change the base). */
    double[] inverseFrequencies(double b) {
        int d = rotaryDim();
        double[] inv = new double[d / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / StrictMath.pow(b, (2.0 * i) / d);
        }
        return inv;
    }

    /** The context a variant's {@code original_max_position_embeddings} defaults to. */
    int requireMaxPositionEmbeddings(String why) {
        if (maxPositionEmbeddings <= 0) {
            throw new IllegalArgumentException(why + " needs max_position_embeddings (the model's context), which is unknown");
        }
        return maxPositionEmbeddings;
    }
}

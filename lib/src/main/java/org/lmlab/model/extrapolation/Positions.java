package org.lmlab.model.extrapolation;

import java.util.Arrays;
import java.util.Locale;
import org.lmlab.model.rope.RopeScaling;

/**
 * How positions enter attention: rotary embedding (with a scaling variant, or the checkpoint's
 * own), none at all (NoPE), or a per-head linear distance penalty (ALiBi).
 */
public sealed interface Positions {

    /** A short label for tables and {@code %model info}. */
    String label();

    /**
     * RoPE with {@code scaling} over base {@code base}; a null scaling means the one the
     * checkpoint declares (plain RoPE when it declares none), a base of 0 the checkpoint's
     * rope_theta (llama.cpp's rope_freq_base changes it).
     */
    record Rope(RopeScaling scaling, double base) implements Positions {
        public Rope {
            if (base < 0 || Double.isNaN(base) || Double.isInfinite(base) || base == 1) {
                throw new IllegalArgumentException("RoPE base must be a finite number > 0 and != 1 (or 0 for the "
                        + "checkpoint's), got " + base);
            }
        }

        public Rope(RopeScaling scaling) {
            this(scaling, 0);
        }

        @Override
        public String label() {
            return (scaling == null ? "rope (checkpoint)" : "rope " + scaling.type())
                    + (base > 0 ? String.format(Locale.ROOT, ", base %.0f", base) : "");
        }
    }

    /** No positional signal: queries and keys are not rotated (Kazemnejad et al. 2023). */
    record NoPE() implements Positions {
        @Override
        public String label() {
            return "nope";
        }
    }

    /**
     * ALiBi (Press et al. 2022): score(q, k) - slope_h · (q - k), no rotation. Slopes follow the
     * paper's code: for n heads a power of two, slope_h = 2^(-maxBias·h/n), h = 1..n; otherwise the
     * slopes of the nearest lower power of two, then every other slope of twice that count.
     *
     * @param maxBias the exponent scale, 8 in the paper
     */
    record Alibi(double maxBias) implements Positions {
        public Alibi {
            if (!(maxBias > 0) || Double.isInfinite(maxBias)) {
                throw new IllegalArgumentException("ALiBi max bias must be a finite number > 0, got " + maxBias);
            }
        }

        public static Alibi paper() {
            return new Alibi(8);
        }

        @Override
        public String label() {
            return "alibi";
        }

        /** The per-head slopes for {@code heads} attention heads. */
        public double[] slopes(int heads) {
            int pow2 = Integer.highestOneBit(heads);
            double[] base = geometric(pow2);
            if (pow2 == heads) {
                return base;
            }
            double[] extra = geometric(2 * pow2);
            double[] out = Arrays.copyOf(base, heads);
            for (int i = 0; i < heads - pow2; i++) {
                out[pow2 + i] = extra[2 * i];
            }
            return out;
        }

        private double[] geometric(int n) {
            double[] s = new double[n];
            for (int h = 1; h <= n; h++) {
                s[h - 1] = StrictMath.pow(2, -maxBias * h / n);
            }
            return s;
        }
    }
}

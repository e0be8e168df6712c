package org.lmlab.model.rope;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A RoPE scaling variant. Formulas follow transformers v5.0.0
 * {@code src/transformers/modeling_rope_utils.py} ({@code _compute_*_parameters}), evaluated in
 * double; {@code seqLen} is transformers' {@code seq_len}, 0 meaning "not given" (as its
 * {@code if seq_len} / {@code max(seq_len, ...)} treat it).
 */
public sealed interface RopeScaling {

    /** The {@code rope_type} name. */
    String type();

    /** inv_freq and attention factor for {@code geometry} at sequence length {@code seqLen} (0: none). */
    RopeFrequencies frequencies(RopeGeometry geometry, int seqLen);

    default RopeFrequencies frequencies(RopeGeometry geometry) {
        return frequencies(geometry, 0);
    }

    /** Plain RoPE: inv_i = base^(-2i/d), attention factor 1. */
    record Default() implements RopeScaling {
        @Override
        public String type() {
            return "default";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            return new RopeFrequencies(g.defaultInverseFrequencies(), 1.0);
        }
    }

    /** Position interpolation: inv_i / factor. */
    record Linear(double factor) implements RopeScaling {
        public Linear {
            requirePositive("factor", factor);
        }

        @Override
        public String type() {
            return "linear";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            double[] inv = g.defaultInverseFrequencies();
            for (int i = 0; i < inv.length; i++) {
                inv[i] /= factor;
            }
            return new RopeFrequencies(inv, 1.0);
        }
    }

    /**
     * Dynamic NTK: for s = max(seqLen, max_pos), base' = base · (factor·s/max_pos − (factor − 1))^(d/(d−2));
     * at or below max_pos this is exactly the default RoPE.
     */
    record DynamicNtk(double factor) implements RopeScaling {
        public DynamicNtk {
            requirePositive("factor", factor);
        }

        @Override
        public String type() {
            return "dynamic";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            int d = requireNtkDim(g, type());
            int maxPos = g.requireMaxPositionEmbeddings("rope_type \"dynamic\"");
            double s = Math.max(seqLen, maxPos);
            double base = g.base() * Math.pow(factor * s / maxPos - (factor - 1), (double) d / (d - 2));
            return new RopeFrequencies(g.inverseFrequencies(base), 1.0);
        }
    }

    /**
     * Static NTK-aware base change, base' = base · factor^(d/(d−2)) (bloc97's NTK-aware scaling).
     * Not a transformers v5.0.0 rope_type: an lmlab extension under the name {@code ntk}.
     */
    record StaticNtk(double factor) implements RopeScaling {
        public StaticNtk {
            requirePositive("factor", factor);
        }

        @Override
        public String type() {
            return "ntk";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            int d = requireNtkDim(g, type());
            double base = g.base() * Math.pow(factor, (double) d / (d - 2));
            return new RopeFrequencies(g.inverseFrequencies(base), 1.0);
        }
    }

    /**
     * YaRN: a linear ramp between interpolated (inv/factor) and original frequencies over the
     * dimensions whose rotation count at the original context lies between beta_slow and
     * beta_fast. A beta of 0 means the default (32 fast, 1 slow), as transformers' {@code or}
     * does; mscale / mscale_all_dim of 0 mean absent. {@code originalMaxPositionEmbeddings} 0
     * means the geometry's max_position_embeddings (transformers' standardisation).
     */
    record Yarn(double factor, int originalMaxPositionEmbeddings, double betaFast, double betaSlow,
            OptionalDouble attentionFactor, double mscale, double mscaleAllDim, boolean truncate)
            implements RopeScaling {

        public static final double DEFAULT_BETA_FAST = 32;
        public static final double DEFAULT_BETA_SLOW = 1;

        public Yarn {
            requirePositive("factor", factor);
            requireContext(originalMaxPositionEmbeddings);
            betaFast = betaFast == 0 ? DEFAULT_BETA_FAST : betaFast;
            betaSlow = betaSlow == 0 ? DEFAULT_BETA_SLOW : betaSlow;
        }

        /** The paper's defaults: betas 32/1, attention factor from factor, truncated correction range. */
        public static Yarn of(double factor, int originalMaxPositionEmbeddings) {
            return new Yarn(factor, originalMaxPositionEmbeddings, 0, 0, OptionalDouble.empty(), 0, 0, true);
        }

        @Override
        public String type() {
            return "yarn";
        }

        /** Explicit, else get_mscale(f, mscale) / get_mscale(f, mscale_all_dim) when both are set, else get_mscale(f). */
        public double effectiveAttentionFactor() {
            if (attentionFactor.isPresent()) {
                return attentionFactor.getAsDouble();
            }
            if (mscale != 0 && mscaleAllDim != 0) {
                return mscale(factor, mscale) / mscale(factor, mscaleAllDim);
            }
            return mscale(factor, 1);
        }

        static double mscale(double scale, double m) {
            return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            int d = g.rotaryDim();
            int orig = originalMaxPositionEmbeddings > 0 ? originalMaxPositionEmbeddings
                    : g.requireMaxPositionEmbeddings("rope_type \"yarn\" without original_max_position_embeddings");
            double low = correctionDim(betaFast, d, g.base(), orig);
            double high = correctionDim(betaSlow, d, g.base(), orig);
            if (truncate) {
                low = Math.floor(low);
                high = Math.ceil(high);
            }
            low = Math.max(low, 0);
            high = Math.min(high, d - 1);
            if (low == high) {
                high += 0.001; // transformers: "prevent singularity"
            }
            double[] inv = new double[d / 2];
            for (int i = 0; i < inv.length; i++) {
                double pos = Math.pow(g.base(), (2.0 * i) / d);
                double extrapolation = 1.0 / pos;
                double interpolation = 1.0 / (factor * pos);
                double ramp = Math.min(Math.max((i - low) / (high - low), 0), 1);
                double keep = 1 - ramp; // share of the original frequency; written as transformers does
                inv[i] = interpolation * (1 - keep) + extrapolation * keep;
            }
            return new RopeFrequencies(inv, effectiveAttentionFactor());
        }

        /** The dimension whose frequency turns {@code rotations} times over the original context. */
        static double correctionDim(double rotations, int d, double base, int orig) {
            return (d * Math.log(orig / (rotations * 2 * Math.PI))) / (2 * Math.log(base));
        }
    }

    /**
     * Llama 3.1: wavelengths above orig/low_freq_factor are divided by factor, those below
     * orig/high_freq_factor kept, those between blended smoothly. Attention factor 1.
     */
    record Llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositionEmbeddings)
            implements RopeScaling {

        public Llama3 {
            requirePositive("factor", factor);
            requirePositive("low_freq_factor", lowFreqFactor);
            requirePositive("high_freq_factor", highFreqFactor);
            requireContext(originalMaxPositionEmbeddings);
        }

        @Override
        public String type() {
            return "llama3";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            int orig = originalMaxPositionEmbeddings > 0 ? originalMaxPositionEmbeddings
                    : g.requireMaxPositionEmbeddings("rope_type \"llama3\" without original_max_position_embeddings");
            double lowWavelen = orig / lowFreqFactor;
            double highWavelen = orig / highFreqFactor;
            double[] inv = g.defaultInverseFrequencies();
            for (int i = 0; i < inv.length; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                if (wavelen > lowWavelen) {
                    inv[i] = inv[i] / factor;
                } else if (!(wavelen < highWavelen)) {
                    double s = (orig / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    inv[i] = (1 - s) * inv[i] / factor + s * inv[i];
                }
            }
            return new RopeFrequencies(inv, 1.0);
        }
    }

    /**
     * LongRoPE (Phi-3): inv_i = 1 / (ext_i · base^(2i/d)) with ext = long_factor when seqLen exceeds
     * the original context, else short_factor. Attention factor: explicit, else 1 for factor <= 1,
     * else sqrt(1 + ln(factor) / ln(orig)); factor defaults to max_pos / orig.
     */
    record LongRope(double[] shortFactor, double[] longFactor, OptionalDouble factor,
            int originalMaxPositionEmbeddings, OptionalDouble attentionFactor) implements RopeScaling {

        public LongRope {
            shortFactor = shortFactor.clone();
            longFactor = longFactor.clone();
            factor.ifPresent(f -> requirePositive("factor", f));
            requireContext(originalMaxPositionEmbeddings);
        }

        @Override
        public double[] shortFactor() {
            return shortFactor.clone();
        }

        @Override
        public double[] longFactor() {
            return longFactor.clone();
        }

        @Override
        public String type() {
            return "longrope";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LongRope r && Arrays.equals(shortFactor, r.shortFactor)
                    && Arrays.equals(longFactor, r.longFactor) && factor.equals(r.factor)
                    && originalMaxPositionEmbeddings == r.originalMaxPositionEmbeddings
                    && attentionFactor.equals(r.attentionFactor);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(shortFactor), Arrays.hashCode(longFactor), factor,
                    originalMaxPositionEmbeddings, attentionFactor);
        }

        @Override
        public String toString() {
            return "LongRope[shortFactor=" + Arrays.toString(shortFactor) + ", longFactor="
                    + Arrays.toString(longFactor) + ", factor=" + factor + ", originalMaxPositionEmbeddings="
                    + originalMaxPositionEmbeddings + ", attentionFactor=" + attentionFactor + "]";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            requireLength("short_factor", shortFactor, g);
            requireLength("long_factor", longFactor, g);
            int orig = originalMaxPositionEmbeddings > 0 ? originalMaxPositionEmbeddings
                    : g.requireMaxPositionEmbeddings("rope_type \"longrope\" without original_max_position_embeddings");
            double f = factor.isPresent() ? factor.getAsDouble()
                    : (double) g.requireMaxPositionEmbeddings("rope_type \"longrope\" without factor") / orig;
            double attention = attentionFactor.isPresent() ? attentionFactor.getAsDouble()
                    : f <= 1 ? 1.0 : Math.sqrt(1 + Math.log(f) / Math.log(orig));
            double[] ext = seqLen > orig ? longFactor : shortFactor;
            int d = g.rotaryDim();
            double[] inv = new double[d / 2];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = 1.0 / (ext[i] * Math.pow(g.base(), (2.0 * i) / d));
            }
            return new RopeFrequencies(inv, attention);
        }

        private static void requireLength(String key, double[] values, RopeGeometry g) {
            if (values.length != g.pairs()) {
                throw new IllegalArgumentException("longrope " + key + " must have rotary_dim / 2 = " + g.pairs()
                        + " numbers (head_dim " + g.headDim() + " × partial_rotary_factor " + g.partialRotaryFactor()
                        + " = " + g.rotaryDim() + "), got " + values.length);
            }
        }
    }

    /**
     * Per-pair frequency divisors: inv_i = base^(−2i/d) / factors[i], as llama.cpp applies a GGUF
     * {@code rope_freqs.weight} tensor (its rope divides theta by {@code freq_factors[i]}). Llama 3.1
     * GGUFs carry their llama3 scaling this way instead of scaling keys. The attention factor is
     * llama.cpp's {@code rope.scaling.attn_factor} (1 when absent). Not a transformers rope_type.
     */
    record FrequencyFactors(double[] factors, double attentionFactor) implements RopeScaling {

        public FrequencyFactors {
            factors = factors.clone();
            for (int i = 0; i < factors.length; i++) {
                requirePositive("frequency factor [" + i + "]", factors[i]);
            }
            requirePositive("attention factor", attentionFactor);
        }

        public FrequencyFactors(double[] factors) {
            this(factors, 1.0);
        }

        @Override
        public double[] factors() {
            return factors.clone();
        }

        @Override
        public String type() {
            return "frequency_factors";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            if (factors.length != g.pairs()) {
                throw new IllegalArgumentException("frequency factors must have rotary_dim / 2 = " + g.pairs()
                        + " numbers (head_dim " + g.headDim() + " × partial_rotary_factor " + g.partialRotaryFactor()
                        + " = " + g.rotaryDim() + "), got " + factors.length);
            }
            double[] inv = g.defaultInverseFrequencies();
            for (int i = 0; i < inv.length; i++) {
                inv[i] /= factors[i];
            }
            return new RopeFrequencies(inv, attentionFactor);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FrequencyFactors f && Arrays.equals(factors, f.factors)
                    && Double.compare(attentionFactor, f.attentionFactor) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(factors) + Double.hashCode(attentionFactor);
        }

        @Override
        public String toString() {
            return "FrequencyFactors[factors=" + Arrays.toString(factors) + ", attentionFactor=" + attentionFactor + "]";
        }
    }

    /**
     * Giraffe's truncated basis (Pal et al. 2023, "Giraffe: Adventures in Expanding Context Lengths in
     * LLMs", the truncated basis): after an optional linear scale (inv_i / factor), frequencies
     * >= b are kept, those in [a, b) become rho, those below a become 0 (position-independent pairs).
     * Boundaries as abacusai/Long-Context {@code python/models/interpolate.py} ({@code
     * truncate_frequency}: {@code f < b -> rho}, then {@code f < a -> 0}), which derives all three
     * from one integer {@code truncate} (a wavelength in positions): b = 2π/truncate, rho = b/16,
     * a = b/8 (its {@code z = 8}); see {@link #of(int)}. Attention factor 1. An lmlab type.
     */
    record GiraffeTruncation(double factor, double b, double a, double rho) implements RopeScaling {

        public GiraffeTruncation {
            if (!(factor >= 1) || Double.isInfinite(factor)) {
                // the reference only divides when scale > 1; below 1 it would silently ignore the factor
                throw new IllegalArgumentException("giraffe factor must be a finite number >= 1, got " + factor);
            }
            requirePositive("giraffe b", b);
            if (!(a >= 0 && a <= b)) {
                throw new IllegalArgumentException("giraffe a must be in [0, b] = [0, " + b + "], got " + a);
            }
            if (!(rho >= 0) || Double.isInfinite(rho)) {
                throw new IllegalArgumentException("giraffe rho must be a finite number >= 0, got " + rho);
            }
        }

        /** The reference's parametrisation: {@code truncate} positions per turn at the cut-off, no scale. */
        public static GiraffeTruncation of(int truncate) {
            return of(truncate, 1);
        }

        public static GiraffeTruncation of(int truncate, double factor) {
            if (truncate <= 0) {
                throw new IllegalArgumentException("giraffe truncate must be > 0 (a wavelength in positions), got "
                        + truncate);
            }
            double b = 2 * Math.PI / truncate;
            return new GiraffeTruncation(factor, b, b / 8, b / 16);
        }

        @Override
        public String type() {
            return "giraffe";
        }

        @Override
        public RopeFrequencies frequencies(RopeGeometry g, int seqLen) {
            double[] inv = g.defaultInverseFrequencies();
            for (int i = 0; i < inv.length; i++) {
                double f = inv[i] / factor;
                inv[i] = f >= b ? f : f >= a ? rho : 0.0;
            }
            return new RopeFrequencies(inv, 1.0);
        }
    }

    private static void requirePositive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, got " + value);
        }
    }

    private static void requireContext(int originalMaxPositionEmbeddings) {
        if (originalMaxPositionEmbeddings < 0) {
            throw new IllegalArgumentException("original_max_position_embeddings must be > 0, got "
                    + originalMaxPositionEmbeddings);
        }
    }

    private static int requireNtkDim(RopeGeometry g, String type) {
        int d = g.rotaryDim();
        if (d <= 2) {
            throw new IllegalArgumentException("rope_type \"" + type + "\" needs a rotary dim > 2 (its exponent is d/(d-2)), got " + d);
        }
        return d;
    }
}

package org.lmlab.scaling.vocab;

/**
 * Approach 2 of Tao et al. 2024. With H training characters and f(V) tokens per character, the
 * compute is C = 6 (N_nv + V d) H f(V); the vocabulary that minimises it, dC/dV = 0, is solved
 * numerically for a set of N_nv, giving N_v ∝ N_nv^γ; an empirically optimal (N_nv0, N_v0) of a
 * small model then fixes the scale: N_v,opt = N_v0 (N_nv/N_nv0)^γ.
 *
 * @param gamma             the exponent γ
 * @param anchorNonVocab    N_nv0
 * @param anchorVocabParams N_v0
 */
public record VocabDerivative(double gamma, double anchorNonVocab, double anchorVocabParams) {

    /**
     * f(V) = a ln²V + b ln V + c, tokens per character, with V capped at {@code cap} inside the log
     * (the quadratic turns up past its minimum near V = 235K).
     */
    public record TokensPerChar(double a, double b, double c, double cap) {

        /** The authors' fit on their corpus: a = 0.00639222, b = −0.15811069, c = 1.20470122, cap 200K. */
        public static TokensPerChar published() {
            return new TokensPerChar(0.00639222, -0.15811069, 1.20470122, 200_000);
        }

        public double at(double vocabSize) {
            double l = Math.log(Math.min(vocabSize, cap));
            return a * l * l + b * l + c;
        }

        /** df/dV (0 past the cap). */
        double slope(double vocabSize) {
            return vocabSize < cap ? (2 * a * Math.log(vocabSize) + b) / vocabSize : 0;
        }
    }

    /** The non-vocabulary sizes the authors solve at: 33M … 2.87B (approach2_derivative.py). */
    public static final double[] PUBLISHED_SIZES = {33e6, 85e6, 151e6, 302e6, 631e6, 1130e6, 2870e6};

    /** γ = 0.8354 anchored at the 33M model's best N_v = 3,145,728 (6144 × 512). */
    public static VocabDerivative published() {
        return new VocabDerivative(0.8353974035228025, 33e6, 3_145_728);
    }

    public VocabDerivative {
        VocabRun.positive("anchor non-vocabulary parameters", anchorNonVocab);
        VocabRun.positive("anchor vocabulary parameters", anchorVocabParams);
        if (!Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite, got " + gamma);
        }
    }

    /**
     * Fits γ on the FLOPs-minimising vocabularies at {@code sizes} (the first is the reference), with
     * d from {@link EmbeddingWidth}, and anchors at (N_nv0, N_v0).
     */
    public static VocabDerivative fit(double[] sizes, TokensPerChar f, double anchorNonVocab, double anchorVocabParams) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("need at least 2 non-vocabulary sizes to fit gamma, got " + sizes.length);
        }
        double[] nv = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            double d = EmbeddingWidth.of(sizes[i]);
            nv[i] = flopsMinimisingVocab(sizes[i], d, f) * d;
        }
        double gamma = LogPowerFit.exponentThrough(sizes, nv, sizes[0], nv[0]);
        return new VocabDerivative(gamma, anchorNonVocab, anchorVocabParams);
    }

    /**
     * The V with dC/dV = 0 for C = 6 (N_nv + V d) H f(V) (H cancels), by bisection in ln V on
     * [2, 10·cap]: dC/dV ∝ d f(V) + (N_nv + V d) f'(V) is negative at V = 2 and positive past the cap.
     */
    public static double flopsMinimisingVocab(double nonVocabParams, double embedDim, TokensPerChar f) {
        VocabRun.positive("non-vocabulary parameters", nonVocabParams);
        VocabRun.positive("embedding width", embedDim);
        return Roots.increasing(v -> embedDim * f.at(v) + (nonVocabParams + v * embedDim) * f.slope(v), 2, 10 * f.cap());
    }

    /** N_v,opt for {@code nonVocabParams}. */
    public double vocabParams(double nonVocabParams) {
        return anchorVocabParams * Math.pow(nonVocabParams / anchorNonVocab, gamma);
    }
}

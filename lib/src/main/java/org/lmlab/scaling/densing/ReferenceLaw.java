package org.lmlab.scaling.densing;

import java.util.Locale;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LogBisection;
import org.lmlab.scaling.ScalingLaw;

/**
 * The densing law's first step (Xiao et al. 2024, "loss estimation"): a loss law {@code L(N, D)}
 * fitted on reference models, with the rule that sets a reference model's training tokens, so that
 * loss depends on N alone and can be inverted. Effective parameter count of a target model =
 * the N at which the reference law reaches the target's loss (or, through a {@link ScoreCurve}, its score).
 *
 * @param law             the reference law
 * @param theta           its fitted coordinates
 * @param tokens          fixed training tokens D of a reference model ({@code tokensPerParam} must be NaN), or NaN
 * @param tokensPerParam  D = tokensPerParam · N ({@code tokens} must be NaN), or NaN
 */
public record ReferenceLaw(ScalingLaw law, double[] theta, double tokens, double tokensPerParam) {

    /** Smallest and largest N searched, 1 to 1e20 parameters. */
    static final double MIN_N = 1;
    static final double MAX_N = 1e20;

    public ReferenceLaw {
        theta = theta.clone();
        boolean fixed = Double.isFinite(tokens) && tokens > 0;
        boolean ratio = Double.isFinite(tokensPerParam) && tokensPerParam > 0;
        if (fixed == ratio) {
            throw new IllegalArgumentException("give exactly one of a fixed token count (> 0) or tokens per parameter "
                    + "(> 0) for the reference models, got tokens=" + tokens + " tokensPerParam=" + tokensPerParam);
        }
    }

    /** Reference models trained on {@code tokens} tokens each. */
    public static ReferenceLaw fixedTokens(LawFit fit, double tokens) {
        return new ReferenceLaw(fit.law(), fit.theta(), tokens, Double.NaN);
    }

    /** Reference models trained on {@code ratio} tokens per parameter (20 is Chinchilla-optimal). */
    public static ReferenceLaw tokensPerParam(LawFit fit, double ratio) {
        return new ReferenceLaw(fit.law(), fit.theta(), Double.NaN, ratio);
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    /** Training tokens of a reference model of {@code params} parameters. */
    public double tokensFor(double params) {
        return Double.isNaN(tokens) ? tokensPerParam * params : tokens;
    }

    /** Loss of a reference model with {@code params} parameters. */
    public double loss(double params) {
        return law.predict(theta, params, tokensFor(params));
    }

    /**
     * The reference model size that reaches {@code loss}: bisection on log N over [1, 1e20] to double
     * precision (the law's loss falls with N).
     *
     * @throws IllegalArgumentException when no reference size in that range reaches the loss (e.g. a
     *                                  loss at or below the law's irreducible term)
     */
    public double effectiveParams(double loss) {
        if (!(loss > 0) || !Double.isFinite(loss)) {
            throw new IllegalArgumentException("loss must be finite and > 0, got " + loss);
        }
        double atLo = loss(MIN_N);
        double atHi = loss(MAX_N);
        if (!(loss <= atLo && loss >= atHi)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "loss %.6g is outside what the reference law "
                    + "reaches for N in [1, 1e20] (%.6g down to %.6g)%s", loss, atLo, atHi,
                    loss < atHi ? ": it is below the law's floor, so no reference size matches it" : ""));
        }
        if (loss == atLo || loss == atHi) {
            return loss == atLo ? MIN_N : MAX_N;
        }
        return LogBisection.increasing(n -> loss - loss(n), MIN_N, MAX_N);
    }

    /** The reference size that reaches {@code score} through {@code curve}: {@code effectiveParams(curve.loss(score))}. */
    public double effectiveParams(double score, ScoreCurve curve) {
        return effectiveParams(curve.loss(score));
    }
}

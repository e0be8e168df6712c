package org.lmlab.scaling.steplaw;

import java.util.Locale;

/**
 * The Step Law form (Li et al. 2025, arXiv 2503.04715): optimal peak learning rate
 * {@code η(N, D) = c · N^alpha · D^beta} and optimal batch size in tokens {@code B(D) = d · D^gamma},
 * N non-embedding parameters, D training tokens. Exponents are stored as written (alpha is negative).
 */
public record StepLaw(double c, double alpha, double beta, double d, double gamma) {

    /**
     * The paper's published law, eq. (1)–(2): η = 1.79 N^−0.713 D^0.307, B = 0.58 D^0.571 (tokens). The
     * authors' released fit (data/1004_fitted_lr_bs_scaling_model_parameters.csv, 1000 bootstrap
     * replicates) gives exp(mean intercept) = 1.797 and 0.5807, mean exponents −0.7129, 0.3075, 0.5709.
     */
    public static final StepLaw PUBLISHED = new StepLaw(1.79, -0.713, 0.307, 0.58, 0.571);

    public StepLaw {
        for (double v : new double[] {c, alpha, beta, d, gamma}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Step Law constants must be finite");
            }
        }
        if (!(c > 0 && d > 0)) {
            throw new IllegalArgumentException("coefficients c and d must be > 0, got " + c + " and " + d);
        }
    }

    /** Optimal peak learning rate for {@code params} N and {@code tokens} D. */
    public double learningRate(double params, double tokens) {
        return c * Math.pow(params, alpha) * Math.pow(tokens, beta);
    }

    /** Optimal batch size in tokens for {@code tokens} D. */
    public double batchTokens(double tokens) {
        return d * Math.pow(tokens, gamma);
    }

    public String formula() {
        return String.format(Locale.ROOT, "lr_opt = %.4g * N^%.4f * D^%.4f;  B_opt = %.4g * D^%.4f tokens",
                c, alpha, beta, d, gamma);
    }

    @Override
    public String toString() {
        return formula();
    }
}

package org.lmlab.lengths.winrate;

/**
 * Logistic regression with soft labels, sample weights, an L1 penalty and no intercept, in liblinear's scaling:
 * minimise {@code ||β||₁ + C Σ wᵢ [yᵢ softplus(−xᵢ·β) + (1 − yᵢ) softplus(xᵢ·β)]} with {@code yᵢ ∈ [0, 1]}. This is
 * what AlpacaEval fits through scikit-learn ({@code solver='liblinear', penalty='l1', fit_intercept=False}, each row
 * duplicated with labels 1 and 0 and weights wᵢ yᵢ and wᵢ (1 − yᵢ)). Solved by proximal Newton steps (the
 * L1-penalised quadratic model minimised by coordinate descent) with a backtracking line search; the models here
 * have a handful of features, so each Newton system is tiny.
 */
public final class L1LogisticRegression {

    private static final int MAX_NEWTON = 500;

    private L1LogisticRegression() {
    }

    /**
     * The minimiser β.
     *
     * @param x rows of features
     * @param y soft labels in [0, 1]
     * @param w non-negative sample weights
     * @param c inverse penalty strength (liblinear's C), positive
     */
    public static double[] fit(double[][] x, double[] y, double[] w, double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("C must be positive and finite, got " + c);
        }
        int p = x.length == 0 ? 0 : x[0].length;
        double[] beta = new double[p];
        double f = objective(x, y, w, c, beta);
        for (int iter = 0; iter < MAX_NEWTON; iter++) {
            double[] g = new double[p];
            double[][] h = new double[p][p];
            for (int i = 0; i < x.length; i++) {
                double s = sigmoid(dot(x[i], beta));
                double gi = c * w[i] * (s - y[i]);
                double hi = c * w[i] * s * (1 - s);
                for (int a = 0; a < p; a++) {
                    g[a] += gi * x[i][a];
                    for (int b = 0; b < p; b++) {
                        h[a][b] += hi * x[i][a] * x[i][b];
                    }
                }
            }
            double[] d = proximalStep(g, h, beta);
            double decrease = l1(add(beta, d, 1)) - l1(beta);
            for (int a = 0; a < p; a++) {
                decrease += g[a] * d[a];
            }
            double maxStep = 0;
            for (int a = 0; a < p; a++) {
                maxStep = Math.max(maxStep, Math.abs(d[a]) / Math.max(1, Math.abs(beta[a])));
            }
            if (maxStep < 1e-13 || decrease > -1e-300) {
                return beta;
            }
            double t = 1;
            while (true) {
                double[] next = add(beta, d, t);
                double fn = objective(x, y, w, c, next);
                if (fn <= f + 1e-4 * t * decrease || t < 1e-12) {
                    beta = next;
                    f = fn;
                    break;
                }
                t /= 2;
            }
        }
        return beta;
    }

    /** The penalised objective at β. */
    public static double objective(double[][] x, double[] y, double[] w, double c, double[] beta) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            loss += w[i] * softLogLoss(y[i], dot(x[i], beta));
        }
        return l1(beta) + c * loss;
    }

    /** {@code y softplus(−z) + (1 − y) softplus(z)}: the cross-entropy of soft label y at logit z. */
    static double softLogLoss(double y, double z) {
        return y * softplus(-z) + (1 - y) * softplus(z);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** argmin_d g·d + ½ dᵀHd + ||β + d||₁ by cyclic coordinate descent (soft thresholding). */
    private static double[] proximalStep(double[] g, double[][] h, double[] beta) {
        int p = g.length;
        double[] d = new double[p];
        for (int sweep = 0; sweep < 10_000; sweep++) {
            double change = 0;
            double size = 0;
            for (int a = 0; a < p; a++) {
                double haa = Math.max(h[a][a], 1e-12);
                double r = g[a];
                for (int b = 0; b < p; b++) {
                    if (b != a) {
                        r += h[a][b] * d[b];
                    }
                }
                // minimise over u = beta[a] + d[a]: ½ haa (u − beta[a])² + r (u − beta[a]) + |u|
                double center = beta[a] - r / haa;
                double u = Math.signum(center) * Math.max(Math.abs(center) - 1 / haa, 0);
                double next = u - beta[a];
                change = Math.max(change, Math.abs(next - d[a]));
                d[a] = next;
                size = Math.max(size, Math.abs(next));
            }
            if (change <= 1e-15 * (1 + size)) {
                break;
            }
        }
        return d;
    }

    private static double[] add(double[] beta, double[] d, double t) {
        double[] out = new double[beta.length];
        for (int a = 0; a < beta.length; a++) {
            out[a] = beta[a] + t * d[a];
        }
        return out;
    }

    private static double l1(double[] beta) {
        double s = 0;
        for (double b : beta) {
            s += Math.abs(b);
        }
        return s;
    }
}

package org.lmlab.lengths.follow;

/**
 * How well a length predictor did: mean absolute error, the share of predictions within k tokens, bucket
 * accuracy (the predicted and actual length fall within k buckets of width w of each other, as length-bucket
 * predictors are scored), and Kendall's τ-b between predicted and actual lengths.
 *
 * @param n pairs
 * @param mae mean |predicted − actual|
 * @param kendallTauB τ-b (scipy's {@code kendalltau})
 */
public record PredictionErrors(int n, double mae, double kendallTauB, double[] predicted, double[] actual) {

    public PredictionErrors {
        predicted = predicted.clone();
        actual = actual.clone();
    }

    /**
     * Errors of {@code predicted} against {@code actual}.
     *
     * @throws IllegalArgumentException for different sizes, fewer than 2 pairs, or non-finite values
     */
    public static PredictionErrors of(double[] predicted, double[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("got " + predicted.length + " predictions but " + actual.length
                    + " actual lengths");
        }
        double abs = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (!Double.isFinite(predicted[i]) || !Double.isFinite(actual[i])) {
                throw new IllegalArgumentException("pair at index " + i + " is (" + predicted[i] + ", " + actual[i]
                        + "); lengths must be finite");
            }
            abs += Math.abs(predicted[i] - actual[i]);
        }
        double tau = KendallTau.tauB(predicted, actual);
        return new PredictionErrors(predicted.length, abs / predicted.length, tau, predicted, actual);
    }

    @Override
    public double[] predicted() {
        return predicted.clone();
    }

    @Override
    public double[] actual() {
        return actual.clone();
    }

    /** Share (0–1) of predictions with |predicted − actual| &le; k. */
    public double withinTokens(double k) {
        int hits = 0;
        for (int i = 0; i < n; i++) {
            hits += Math.abs(predicted[i] - actual[i]) <= k ? 1 : 0;
        }
        return (double) hits / n;
    }

    /** Share (0–1) of pairs whose buckets {@code floor(length / width)} differ by at most k. */
    public double bucketAccuracy(double width, int k) {
        if (!(width > 0) || k < 0) {
            throw new IllegalArgumentException("bucket width must be positive and k non-negative, got " + width + ", " + k);
        }
        int hits = 0;
        for (int i = 0; i < n; i++) {
            hits += Math.abs(Math.floor(predicted[i] / width) - Math.floor(actual[i] / width)) <= k ? 1 : 0;
        }
        return (double) hits / n;
    }
}

package org.lmlab.scaling;

/** Validation of per-run objective weights (bootstrap counts). */
final class Weights {

    private Weights() {
    }

    /** A copy of {@code weights} (null stays null: all ones), each finite and &ge; 0, one per run. */
    static double[] checked(double[] weights, int runs) {
        if (weights == null) {
            return null;
        }
        if (weights.length != runs) {
            throw new IllegalArgumentException("expected " + runs + " weights, one per run, got " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be finite and >= 0, got " + weights[i]);
            }
        }
        return weights.clone();
    }
}

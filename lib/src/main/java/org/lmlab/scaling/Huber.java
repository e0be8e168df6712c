package org.lmlab.scaling;

/** The Huber loss of scipy's {@code special.huber}: {@code r²/2} for {@code |r| ≤ δ}, else {@code δ(|r| − δ/2)}. */
final class Huber {

    private Huber() {
    }

    static double value(double r, double delta) {
        double abs = Math.abs(r);
        return abs <= delta ? 0.5 * r * r : delta * (abs - 0.5 * delta);
    }

    /** The derivative {@code clip(r, −δ, δ)}. */
    static double slope(double r, double delta) {
        return Math.abs(r) <= delta ? r : Math.copySign(delta, r);
    }
}

package org.lmlab.scaling;

/**
 * One training run: model size N (parameters), training tokens D and final loss L.
 *
 * @param params model size N, finite and &gt; 0
 * @param tokens training tokens D, finite and &gt; 0
 * @param loss   final loss L, finite and &gt; 0
 */
public record Run(double params, double tokens, double loss) {

    public Run {
        check("params", params);
        check("tokens", tokens);
        check("loss", loss);
    }

    /** Builds a run, naming {@code row} (0-based) in the error when a value is invalid. */
    public static Run of(int row, double params, double tokens, double loss) {
        try {
            return new Run(params, tokens, loss);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("row " + row + ": " + e.getMessage(), e);
        }
    }

    private static void check(String name, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
        }
    }
}

package org.lmlab.kernel.eval;

/**
 * What a successful evaluation produced.
 *
 * @param hasValue true when the last snippet was an expression worth showing
 * @param value    its live value (may be null)
 */
public record Evaluation(boolean hasValue, Object value) {
    static final Evaluation NONE = new Evaluation(false, null);
}

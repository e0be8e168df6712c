package org.lmlab.deps;

/**
 * Resolution failed; {@link #getMessage()} is a sentence or two meant to be shown to a notebook user
 * as-is, while the resolver's own exception stays attached as the cause for debugging.
 *
 * <p>Checked on purpose: a mistyped or unpublished coordinate, or a missing network, is an ordinary
 * outcome of user input, and every caller (such as the {@code %maven} magic) must turn it into a
 * friendly error instead of letting a resolver stack trace reach the notebook.
 */
public class DependencyResolutionFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public DependencyResolutionFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

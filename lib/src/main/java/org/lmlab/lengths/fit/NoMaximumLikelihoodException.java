package org.lmlab.lengths.fit;

/**
 * The sample is valid but the family's likelihood has no finite maximiser (all lengths equal; a negative binomial
 * on data that are not overdispersed). {@link LengthFits#fitAll} leaves such families out.
 */
public final class NoMaximumLikelihoodException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NoMaximumLikelihoodException(String message) {
        super(message);
    }
}

package org.lmlab.model;

/**
 * Perplexity of a token sequence: exp(total negative log-likelihood / tokens scored).
 *
 * @param nll     summed negative natural-log likelihood of the scored tokens
 * @param tokens  number of tokens scored
 * @param window  context window used (tokens per forward pass)
 * @param stride  step between windows
 */
public record Perplexity(double nll, long tokens, int window, int stride) {

    public double value() {
        return Math.exp(nll / tokens);
    }

    /** Mean negative log-likelihood per token, in nats. */
    public double meanNll() {
        return nll / tokens;
    }
}

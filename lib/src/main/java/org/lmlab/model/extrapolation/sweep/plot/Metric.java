package org.lmlab.model.extrapolation.sweep.plot;

/** What a perplexity sweep's length chart shows on y. */
public enum Metric {
    /** Perplexity, exp of the mean NLL (the {@code ppl} column). */
    PPL("ppl", "perplexity", "Perplexity by input length"),
    /** Mean negative log-likelihood per scored token, in nats (the {@code mean_nll} column). */
    NLL("mean_nll", "mean NLL (nats per token)", "Mean NLL by input length");

    private final String column;
    private final String label;
    private final String title;

    Metric(String column, String label, String title) {
        this.column = column;
        this.label = label;
        this.title = title;
    }

    /** The results column it reads. */
    public String column() {
        return column;
    }

    /** The y-axis label. */
    public String label() {
        return label;
    }

    String title() {
        return title;
    }
}

package org.lmlab.model.extrapolation.passkey;

/**
 * The irrelevant text a needle hides in: the landmark-attention sentence, "The grass is green. The
 * sky is blue. The sun is yellow. Here we go. There and back again.", repeated. The two forms differ
 * only in what joins the repeats.
 */
public enum Filler {

    /**
     * Repeats joined by a space, one long line: the passkey template of landmark attention
     * (epfml/landmark-attention llama/run_test.py), YaRN (eval/passkey.py) and LM-Infinite
     * (data/passkey_retrieval/create_passkey_data.py).
     */
    LANDMARK(" "),

    /** Repeats one per line: RULER's essay-free "noise" haystack (scripts/data/synthetic/niah.py). */
    NOISE("\n");

    /** The repeated sentence. */
    public static final String SENTENCE =
            "The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.";

    private final String joiner;

    Filler(String joiner) {
        this.joiner = joiner;
    }

    /** What separates one repeat from the next. */
    public String joiner() {
        return joiner;
    }
}

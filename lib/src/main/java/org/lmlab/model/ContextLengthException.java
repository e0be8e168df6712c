package org.lmlab.model;

/**
 * An input longer than the context a model was loaded with. The context is a choice made at
 * load time (the trained context by default), because it fixes the KV cache a generation may
 * allocate and the positions a perplexity window may reach.
 */
public final class ContextLengthException extends IllegalArgumentException {

    private final int tokens;
    private final int context;

    public ContextLengthException(String what, int tokens, int context, int trainedContext) {
        super(what + " needs " + tokens + " positions, more than the context of " + context
                + " this model was loaded with" + (context < trainedContext
                ? " (trained on " + trainedContext + "); load it with a larger context (LanguageModel.load(..., "
                + "contextLength, ...) or %model load NAME --context N)"
                : " (its trained context); a larger context (%model load NAME --context N) runs past what the "
                + "model was trained on, which length-extrapolation studies do on purpose"));
        this.tokens = tokens;
        this.context = context;
    }

    public int tokens() {
        return tokens;
    }

    public int context() {
        return context;
    }
}

package org.lmlab.magics;

import java.util.List;

/** A magic name nobody registered; carries the closest known names. */
public class UnknownMagicException extends Exception {

    private static final long serialVersionUID = 1L;
    private final List<String> suggestions;

    public UnknownMagicException(String typed, List<String> suggestions) {
        super("Unknown magic " + typed + "."
                + (suggestions.isEmpty() ? "" : " Did you mean " + String.join(", ", suggestions) + "?")
                + " %lsmagic lists every magic.");
        this.suggestions = List.copyOf(suggestions);
    }

    public List<String> suggestions() {
        return suggestions;
    }
}

package org.lmlab.magics;

import java.util.List;

/**
 * One use of a magic in a cell.
 *
 * @param name    magic name, without the percent signs
 * @param kind    line or cell
 * @param argLine the arguments as typed
 * @param args    the arguments split like a shell would (quotes respected)
 * @param body    the cell body below a cell magic's first line; empty for line magics
 * @param line    1-based line of the magic within the cell, for error messages
 */
public record MagicCall(String name, MagicKind kind, String argLine, List<String> args, String body, int line) {

    public MagicCall {
        args = List.copyOf(args);
        body = body == null ? "" : body;
    }

    /** How the call was typed, e.g. {@code %%time -n 3}. */
    public String typed() {
        return kind.prefix() + name + (argLine.isBlank() ? "" : " " + argLine.strip());
    }
}

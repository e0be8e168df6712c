package org.lmlab.kernel.script;

import java.util.Locale;

/**
 * One cell of a script or notebook run from the command line.
 *
 * @param number    1-based cell number, used as the execution count in error locations
 * @param firstLine line of the file on which the cell's code starts (1-based), for messages
 * @param source    the cell's code: Java and magics, exactly as in a notebook cell
 * @param role      whether it holds the parameters' defaults or injected values (papermill's tags)
 */
public record ScriptCell(int number, int firstLine, String source, Role role) {

    /** papermill's cell tags, or a {@code // %% parameters} / {@code // %% injected-parameters} title in a script. */
    public enum Role {
        CODE, PARAMETERS, INJECTED_PARAMETERS;

        /** The tag or script title that marks the role; null for plain code. */
        public String tag() {
            return this == CODE ? null : name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ScriptCell(int number, int firstLine, String source) {
        this(number, firstLine, source, Role.CODE);
    }

    /** The cell holds the parameters' defaults. */
    public boolean parameters() {
        return role == Role.PARAMETERS;
    }
}

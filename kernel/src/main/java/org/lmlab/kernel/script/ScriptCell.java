package org.lmlab.kernel.script;

/**
 * One cell of a script or notebook run from the command line.
 *
 * @param number     1-based cell number, used as the execution count in error locations
 * @param firstLine  line of the file on which the cell's code starts (1-based), for messages
 * @param source     the cell's code: Java and magics, exactly as in a notebook cell
 * @param parameters the cell holds the parameters' defaults (tagged {@code parameters}, papermill's
 *                   convention, or a {@code // %% parameters} block)
 */
public record ScriptCell(int number, int firstLine, String source, boolean parameters) {

    public ScriptCell(int number, int firstLine, String source) {
        this(number, firstLine, source, false);
    }
}

package org.lmlab.scaling.formula;

/**
 * A problem with a formula at a column of its text: {@code "at 12: expected ')' after the arguments
 * of max, found '+'"}. {@link #pointer()} adds the formula with a caret under the column.
 */
public final class FormulaException extends IllegalArgumentException {

    private final String formula;
    private final int column;

    /** @param column 1-based column of the problem in {@code formula} */
    public FormulaException(String formula, int column, String problem) {
        super("at " + column + ": " + problem);
        this.formula = formula;
        this.column = column;
    }

    /** 1-based column in the formula text. */
    public int column() {
        return column;
    }

    public String formula() {
        return formula;
    }

    /** The message, the formula and a caret under the column, on three lines. */
    public String pointer() {
        return getMessage() + System.lineSeparator() + "  " + formula + System.lineSeparator() + "  "
                + " ".repeat(Math.max(0, column - 1)) + "^";
    }
}

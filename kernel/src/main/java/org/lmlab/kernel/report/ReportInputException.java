package org.lmlab.kernel.report;

/** Bad input to {@code lmlab report}, found before any cell runs: the message says what to do. */
public final class ReportInputException extends Exception {

    public ReportInputException(String message) {
        super(message);
    }
}

package org.lmlab.kernel.eval;

/** Whether a cell could run as typed, as {@code is_complete_request} asks. */
public enum Completeness {
    COMPLETE, INCOMPLETE, INVALID
}

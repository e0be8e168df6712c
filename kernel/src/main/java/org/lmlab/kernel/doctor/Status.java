package org.lmlab.kernel.doctor;

/** Outcome of one doctor check: FAIL means lmlab cannot work until it is fixed. */
public enum Status {
    OK, WARN, FAIL
}

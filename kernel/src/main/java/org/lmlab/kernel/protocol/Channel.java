package org.lmlab.kernel.protocol;

/** The request channels. Control is served by its own thread so interrupts pass a busy shell. */
public enum Channel {
    SHELL, CONTROL
}

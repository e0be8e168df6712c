package org.lmlab.kernel.launch;

import org.slf4j.Logger;

/**
 * Interrupt by signal: Jupyter sends SIGINT to the kernel process when the kernelspec asks for
 * interrupt_mode "signal" (and some front ends always do). Without a handler the JVM would exit.
 */
final class SignalInterrupts {

    private SignalInterrupts() {
    }

    @SuppressWarnings("restriction")
    static void install(Runnable interrupt, Logger log) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> interrupt.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.warn("SIGINT cannot be handled here ({}); interrupts work through interrupt_request only", e.getMessage());
        }
    }
}

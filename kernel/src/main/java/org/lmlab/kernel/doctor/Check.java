package org.lmlab.kernel.doctor;

/** One thing {@code lmlab doctor} verifies. Checks take what they inspect as constructor arguments. */
public interface Check {

    /** Short name shown in the report ("kernelspec", "model", ...). */
    String name();

    /** Inspects the machine; never throws for a problem it can describe. */
    CheckResult run();
}

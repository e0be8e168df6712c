package org.lmlab.kernel.launch;

/**
 * Logging set-up shared by the kernel and {@code lmlab run}, applied before the first logger.
 * The binding's own settings are in {@code simplelogger.properties} (kernel resources).
 */
final class LogSettings {

    private LogSettings() {
    }

    static void apply() {
        // Name the binding: otherwise slf4j's ServiceLoader opens every jar on the class path
        // (DJL's and DuckDB's natives among them) before the kernel can answer.
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        // ... and keep slf4j from announcing that choice on every start.
        System.setProperty("slf4j.internal.verbosity", "WARN");
    }
}

package org.lmlab.kernel;

/** slf4j-simple settings shared by the kernel and {@code lmlab run}; set before the first logger. */
final class LogSettings {

    private LogSettings() {
    }

    static void apply() {
        // The log binding must keep the original stderr, not a cell stream installed later.
        System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        // The resolver behind %maven and its HTTP client log routine retries; Arrow and DJL log
        // their start-up choices at INFO. Keep them quiet.
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.aether", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.http", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.arrow", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "warn");
    }
}

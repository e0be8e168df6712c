package org.lmlab.kernel.launch;

import java.util.Locale;

/**
 * Names the JDK's own NIO selector provider before ZeroMQ's first socket asks for one. Without
 * the {@code java.nio.channels.spi.SelectorProvider} property the JDK looks for providers with a
 * ServiceLoader, which opens every jar on the class path (tens of milliseconds of the kernel's
 * start with DJL's and DuckDB's native jars there); the result is the same platform provider.
 */
final class PlatformSelector {

    static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";

    private PlatformSelector() {
    }

    static void preferPlatformProvider() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String provider = os.contains("linux") ? "sun.nio.ch.EPollSelectorProvider"
                : os.contains("mac") ? "sun.nio.ch.KQueueSelectorProvider"
                : os.contains("windows") ? "sun.nio.ch.WEPollSelectorProvider" : null;
        if (provider != null && exists(provider)) {
            System.setProperty(PROPERTY, provider);
        }
    }

    private static boolean exists(String className) {
        try {
            // The bootstrap loader: the class is looked up, not initialised.
            Class.forName(className, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

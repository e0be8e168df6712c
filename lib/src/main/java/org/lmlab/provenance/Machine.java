package org.lmlab.provenance;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;

/**
 * The computer a result was made on.
 *
 * @param cores          processors available to the JVM
 * @param maxHeapBytes   the JVM's maximum heap (-Xmx)
 * @param physicalBytes  the machine's physical memory, or -1 where the JVM does not say
 * @param os             operating system name and version
 * @param arch           processor architecture
 * @param host           host name, or "" where it cannot be found
 */
public record Machine(int cores, long maxHeapBytes, long physicalBytes, String os, String arch, String host) {

    private static volatile Machine current;

    /** This machine (read once per process: the host name lookup can be slow). */
    public static Machine current() {
        Machine known = current;
        if (known == null) {
            known = read();
            current = known;
        }
        return known;
    }

    private static Machine read() {
        long physical = -1;
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean sun) {
            physical = sun.getTotalMemorySize();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = "";
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), physical,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                host);
    }
}

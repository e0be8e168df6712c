package org.lmlab.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.progress.Cancellation;

/**
 * Stops a cell before the heap runs out. When memory fills slowly (a magic building millions of
 * arrays on several threads), the OutOfMemoryError strikes whichever thread allocates next,
 * often one of the kernel's own (heartbeat, IOPub, ZeroMQ's I/O thread), and the session is lost.
 * So the heap's long-lived pools get thresholds: when they stay {@value #THRESHOLD_PERCENT}% full
 * after garbage collection while a cell runs, the guard stops the cell as an
 * interrupt would (JShell's stop and the cooperative {@link Cancellation}) and lets go of a small
 * reserve, so the kernel's threads have room while the cell unwinds.
 */
final class MemoryGuard {

    static final int THRESHOLD_PERCENT = 90;
    static final int EARLY_PERCENT = 85;
    private static final int RESERVE_BYTES = 16 << 20;

    private final Runnable stop;
    private volatile boolean cellRunning;
    private volatile String tripped;
    @SuppressWarnings("unused") // held only so it can be released when memory runs short
    private volatile byte[] reserve = new byte[RESERVE_BYTES];

    private MemoryGuard(Runnable stop) {
        this.stop = stop;
    }

    /**
     * Installs the thresholds and the listener; a JVM without such pools gets no guard.
     *
     * @param stop stops the running cell (the kernel's first-interrupt action)
     */
    static MemoryGuard install(Runnable stop) {
        MemoryGuard guard = new MemoryGuard(stop);
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() != MemoryType.HEAP || max <= 0) {
                continue;
            }
            if (pool.isCollectionUsageThresholdSupported()) {
                pool.setCollectionUsageThreshold(max / 100 * THRESHOLD_PERCENT);
                any = true;
            }
            if (pool.isUsageThresholdSupported()) {
                pool.setUsageThreshold(max / 100 * EARLY_PERCENT);
                any = true;
            }
        }
        if (any && ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener((notification, handback) -> {
                MemoryNotificationInfo info = MemoryNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    guard.trip(info.getPoolName(), info.getUsage());
                } else if (MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    guard.checkAfterCollecting(info.getPoolName());
                }
            }, null, null);
        }
        return guard;
    }

    /**
     * The long-lived pool passed {@value #EARLY_PERCENT}% (young collections promote into it
     * long before it is collected itself, so this comes early). It may be garbage: collect, and
     * stop the cell only if the pool is still {@value #THRESHOLD_PERCENT}% full.
     */
    private void checkAfterCollecting(String poolName) {
        if (!cellRunning || tripped != null) {
            return;
        }
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getUsage();
            if (pool.getName().equals(poolName) && usage.getMax() > 0
                    && usage.getUsed() >= usage.getMax() / 100 * THRESHOLD_PERCENT) {
                trip(poolName, usage);
            }
        }
    }

    void cellStarted() {
        tripped = null;
        cellRunning = true;
    }

    /**
     * @return why the guard stopped the cell that just ended, or null
     */
    String cellEnded() {
        cellRunning = false;
        if (reserve == null) {
            try {
                reserve = new byte[RESERVE_BYTES];
            } catch (OutOfMemoryError e) {
                // Still short; try again after the next cell.
            }
        }
        return tripped;
    }

    private void trip(String pool, MemoryUsage usage) {
        if (!cellRunning || tripped != null) {
            return;
        }
        reserve = null;
        tripped = String.format(Locale.ROOT, "the cell was stopped: after garbage collection the heap's %s was "
                + "%d%% full (%s of %s); it would have run out of memory", pool,
                Math.round(100.0 * usage.getUsed() / usage.getMax()), MemoryBudget.size(usage.getUsed()),
                MemoryBudget.size(usage.getMax()));
        Cancellation.request();
        stop.run();
    }
}

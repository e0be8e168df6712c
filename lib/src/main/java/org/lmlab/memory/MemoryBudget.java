package org.lmlab.memory;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Heap room for work whose size the user picks (bootstrap replicates, histogram bins), checked before
 * allocating: an oversized request is refused with the figures and the largest size that fits, instead of an
 * {@link OutOfMemoryError} that can leave the kernel dead or half-written.
 */
public final class MemoryBudget {

    /** Share of the free heap kept back for what the kernel holds and allocates meanwhile. */
    static final double MARGIN = 0.25;

    private final LongSupplier free;
    private final long maxBytes;
    private final boolean collectBeforeRefusing;

    private MemoryBudget(LongSupplier free, long maxBytes, boolean collectBeforeRefusing) {
        this.free = free;
        this.maxBytes = maxBytes;
        this.collectBeforeRefusing = collectBeforeRefusing;
    }

    /** This JVM's heap: the most it may grow to ({@code -Xmx}) less what is in use now. */
    public static MemoryBudget ofRuntime() {
        return new MemoryBudget(() -> {
            Runtime rt = Runtime.getRuntime();
            return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }, Runtime.getRuntime().maxMemory(), true);
    }

    /** A fixed amount of free heap (tests, and callers that budget a share of it). */
    public static MemoryBudget of(long freeBytes) {
        return new MemoryBudget(() -> freeBytes, freeBytes, false);
    }

    /** Free heap now, in bytes (garbage not yet collected counts as used). */
    public long freeBytes() {
        return Math.max(0, free.getAsLong());
    }

    /** What a request may use: the free heap less {@link #MARGIN}. */
    public long usableBytes() {
        return (long) (freeBytes() * (1 - MARGIN));
    }

    /**
     * Refuses {@code count} units of {@code bytesPerUnit} bytes each (plus {@code fixedBytes}) when they do not fit
     * in {@link #usableBytes()}.
     *
     * @param option how the user asked for the units, e.g. "--replicates"; it starts the message
     * @throws TooLargeException naming the need, the free heap and the largest count that fits
     */
    public void require(String option, long count, long bytesPerUnit, long fixedBytes) {
        double needed = (double) count * bytesPerUnit + fixedBytes;
        long usable = usableBytes();
        if (needed <= usable) {
            return;
        }
        if (collectBeforeRefusing) {
            // Garbage counts as used until collected; look once more before refusing.
            System.gc();
            usable = usableBytes();
            if (needed <= usable) {
                return;
            }
        }
        long most = Math.max(0, (usable - fixedBytes) / Math.max(1, bytesPerUnit));
        throw new TooLargeException(String.format(Locale.ROOT, "%s %d needs ~%s of memory; the kernel has %s free "
                + "(heap limit %s); use at most %s %d, or give the kernel a larger heap (-Xmx, e.g. "
                + "JDK_JAVA_OPTIONS=-Xmx16g when starting Jupyter)", option, count, size(needed), size(freeBytes()),
                size(maxBytes), option, most), (long) needed, freeBytes(), most);
    }

    /** Bytes as GiB, MiB or KiB with one decimal. */
    public static String size(double bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
    }

    /**
     * A request refused for its size: an argument error (the argument is too large for this heap), so callers
     * that report bad arguments report it too.
     */
    public static final class TooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final long neededBytes;
        private final long freeBytes;
        private final long largestCount;

        TooLargeException(String message, long neededBytes, long freeBytes, long largestCount) {
            super(message);
            this.neededBytes = neededBytes;
            this.freeBytes = freeBytes;
            this.largestCount = largestCount;
        }

        public long neededBytes() {
            return neededBytes;
        }

        public long freeBytes() {
            return freeBytes;
        }

        /** The largest count that would have fitted. */
        public long largestCount() {
            return largestCount;
        }
    }
}

package org.lmlab.kernel.doctor;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.engine.MemoryEstimate;

/**
 * Available memory against what {@code %model load smollm2-135m} takes (weights at F32 and a KV
 * cache of the trained context: {@link LanguageModel#estimate}). The weights live outside the Java
 * heap (PyTorch), so the machine's available memory is what counts. Too little is a warning: the
 * rest of lmlab works, and a shorter context or F16 weights need less.
 */
public final class MemoryCheck implements Check {

    private final Supplier<Path> model;
    private final OptionalLong availableBytes;
    private final Installation installation;

    /**
     * @param model          the bundled model's file, or null when it is missing
     * @param availableBytes memory the machine can still give a new process, if known
     */
    public MemoryCheck(Supplier<Path> model, OptionalLong availableBytes, Installation installation) {
        this.model = model;
        this.availableBytes = availableBytes;
        this.installation = installation;
    }

    @Override
    public String name() {
        return "memory";
    }

    /** MemAvailable of /proc/meminfo (counts reclaimable cache), else the OS's free memory. */
    public static OptionalLong availableMemory() {
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            try {
                for (String line : Files.readAllLines(meminfo)) {
                    if (line.startsWith("MemAvailable:")) {
                        return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall back to the management bean
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return OptionalLong.of(os.getFreeMemorySize());
        }
        return OptionalLong.empty();
    }

    @Override
    public CheckResult run() {
        Path file = model.get();
        if (file == null) {
            return CheckResult.warn("no estimate: the bundled model is missing (see the model check)",
                    ModelCheck.fix(installation));
        }
        MemoryEstimate estimate;
        try {
            estimate = LanguageModel.estimate(file.toString(), LoadOptions.defaults());
        } catch (RuntimeException e) {
            return CheckResult.fail(file + " is not a model lmlab can read: " + e.getMessage(), ModelCheck.fix(installation));
        }
        if (availableBytes.isEmpty()) {
            return CheckResult.warn("cannot tell the available memory; " + ModelCheck.BUNDLED + " needs "
                    + mib(estimate.totalBytes()), "free -m   (compare with the figure above)");
        }
        long available = availableBytes.getAsLong();
        String detail = mib(available) + " available, " + ModelCheck.BUNDLED + " needs " + mib(estimate.totalBytes())
                + " (" + estimate + ")";
        if (available < estimate.totalBytes()) {
            return CheckResult.warn(detail,
                    "free memory (close other programs), or load with less: %model load " + ModelCheck.BUNDLED
                            + " --context 2048 --dtype f16");
        }
        return CheckResult.ok(detail);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}

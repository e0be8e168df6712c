package org.lmlab.kernel.doctor;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.kernel.install.KernelspecInstaller;

/**
 * The JVM running lmlab: a supported release (17 to 25) started with the flags lmlab needs on it
 * (KernelspecInstaller's rule) and java.nio opened to lmlab's classes, without which Arrow's
 * first table write fails.
 */
public final class JavaCheck implements Check {

    static final int OLDEST = 17;
    static final int NEWEST_TESTED = 25;

    private final String version;
    private final int feature;
    private final List<String> jvmArguments;
    private final boolean headless;
    private final boolean nioOpen;
    private final Installation installation;

    public JavaCheck(String version, int feature, List<String> jvmArguments, boolean headless, boolean nioOpen,
            Installation installation) {
        this.version = version;
        this.feature = feature;
        this.jvmArguments = List.copyOf(jvmArguments);
        this.headless = headless;
        this.nioOpen = nioOpen;
        this.installation = installation;
    }

    /** The JVM running this code. */
    public static JavaCheck ofThisJvm(Installation installation) {
        return new JavaCheck(Runtime.version().toString(), Runtime.version().feature(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Boolean.getBoolean("java.awt.headless"),
                Object.class.getModule().isOpen("java.nio", JavaCheck.class.getModule()), installation);
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public CheckResult run() {
        String launcher = installation.root().resolve("bin/lmlab").toString();
        if (feature < OLDEST) {
            return CheckResult.fail("Java " + version + " is older than Java " + OLDEST,
                    "install a JDK 17 to 25 (Debian: sudo apt-get install -y openjdk-17-jdk-headless), then "
                            + "LMLAB_JAVA=/path/to/bin/java " + launcher + " doctor");
        }
        List<String> missing = new ArrayList<>();
        for (String flag : KernelspecInstaller.jvmFlags(feature)) {
            boolean present = flag.equals("-Djava.awt.headless=true") ? headless : jvmArguments.contains(flag);
            if (!present) {
                missing.add(flag);
            }
        }
        if (!nioOpen) {
            missing.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        }
        if (!missing.isEmpty()) {
            return CheckResult.fail("Java " + version + " was started without " + String.join(" ", missing),
                    "start lmlab with " + launcher + " (it adds the flags), or add to the java command: "
                            + String.join(" ", missing));
        }
        String detail = "Java " + version + ", flags " + String.join(" ", KernelspecInstaller.jvmFlags(feature))
                + " and java.nio open";
        if (feature > NEWEST_TESTED) {
            return CheckResult.warn(detail + "; lmlab is tested on Java " + OLDEST + " to " + NEWEST_TESTED,
                    "LMLAB_JAVA=/path/to/jdk-" + NEWEST_TESTED + "/bin/java " + launcher + " doctor");
        }
        return CheckResult.ok(detail);
    }
}

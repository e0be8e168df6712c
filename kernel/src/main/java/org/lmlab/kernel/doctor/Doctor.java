package org.lmlab.kernel.doctor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lmlab.progress.Cancellation;

/** Runs checks in order and prints one line per check, with the fix under every problem. */
public final class Doctor {

    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check of this machine for {@code installation} and the kernelspec {@code kernelName}. */
    public static Doctor forMachine(Installation installation, String kernelName) {
        ModelCheck model = new ModelCheck(List.of(installation.venv()), installation);
        return new Doctor(List.of(
                JavaCheck.ofThisJvm(installation),
                new KernelspecCheck(kernelName, JupyterPaths.forVenv(installation.venv()), installation),
                new PythonCheck(installation),
                model,
                new FontCheck(FontCheck.systemFontDirectories(), true),
                ChromiumCheck.ofThisMachine(),
                new MemoryCheck(model::locate, MemoryCheck.availableMemory(), installation)));
    }

    /** A named check's result. */
    public record Finding(String check, CheckResult result) {
    }

    /** Runs every check (a check that throws is reported as a FAIL naming the exception). */
    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        for (Check check : checks) {
            Cancellation.check();
            CheckResult result;
            try {
                result = check.run();
            } catch (RuntimeException e) {
                result = CheckResult.fail("the check itself failed: " + e, "report this as an lmlab bug, with this output");
            }
            findings.add(new Finding(check.name(), result));
        }
        return findings;
    }

    /** Prints the findings; returns 1 when any check failed, else 0 (warnings alone pass). */
    public static int report(List<Finding> findings, PrintStream out) {
        int failed = 0;
        int warned = 0;
        for (Finding f : findings) {
            CheckResult r = f.result();
            out.printf(Locale.ROOT, "%-5s %-11s %s%n", r.status(), f.check(), r.detail());
            if (r.fix() != null) {
                out.printf(Locale.ROOT, "%-17s fix: %s%n", "", r.fix());
            }
            failed += r.status() == Status.FAIL ? 1 : 0;
            warned += r.status() == Status.WARN ? 1 : 0;
        }
        out.println(failed == 0 && warned == 0 ? "All checks passed."
                : failed + " failed (lmlab needs these fixed), " + warned + " warning" + (warned == 1 ? "" : "s") + ".");
        return failed > 0 ? 1 : 0;
    }

    /** The header line: which checkout and environment were checked. */
    static String header(Installation installation) {
        return "lmlab doctor: checkout " + installation.root() + ", Python environment " + installation.venv();
    }
}

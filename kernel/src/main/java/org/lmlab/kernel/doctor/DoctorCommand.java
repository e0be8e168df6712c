package org.lmlab.kernel.doctor;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lmlab doctor}: what is missing on this machine and the command that fixes it. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this machine for what lmlab needs; print the command that fixes each problem.",
                "Checks the Java version and flags, the installed kernelspec and the JVM and jar "
                + "it runs, the Python environment (JupyterLab), the bundled model, fonts for plots, Chromium (browser "
                + "tests) and the memory the bundled model takes.",
                "Prints OK, WARN or FAIL per check and the exact command that fixes each problem; the exit code is 1 "
                        + "when a check FAILs (something needed is missing), 0 with warnings only."})
public final class DoctorCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions environment;

    @Override
    public Integer call() {
        Installation installation = environment.installation();
        System.out.println(Doctor.header(installation));
        return Doctor.report(Doctor.forMachine(installation, environment.kernelName).run(), System.out);
    }
}

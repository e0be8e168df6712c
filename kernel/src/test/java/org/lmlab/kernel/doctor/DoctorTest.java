package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorTest {

    private static Check check(String name, CheckResult result) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult run() {
                return result;
            }
        };
    }

    private static String report(List<Doctor.Finding> findings, int[] exit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        exit[0] = Doctor.report(findings, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warningsAlonePassAndAFailureFails() {
        int[] exit = new int[1];
        Doctor warnOnly = new Doctor(List.of(check("java", CheckResult.ok("Java 17")),
                check("chromium", CheckResult.warn("no chromium", "sudo apt-get install -y chromium"))));
        String text = report(warnOnly.run(), exit);
        assertEquals(0, exit[0]);
        assertEquals(String.join("\n",
                "OK    java        Java 17",
                "WARN  chromium    no chromium",
                "                  fix: sudo apt-get install -y chromium",
                "0 failed (lmlab needs these fixed), 1 warning.", ""), text.replace(System.lineSeparator(), "\n"));
        Doctor failing = new Doctor(List.of(check("model", CheckResult.fail("no model", "pip install x"))));
        report(failing.run(), exit);
        assertEquals(1, exit[0]);
    }

    @Test
    void aCheckThatThrowsIsReportedAsAFailure() {
        Check throwing = new Check() {
            @Override
            public String name() {
                return "throws";
            }

            @Override
            public CheckResult run() {
                throw new IllegalStateException("boom");
            }
        };
        List<Doctor.Finding> findings = new Doctor(List.of(throwing)).run();
        assertEquals(Status.FAIL, findings.get(0).result().status());
        assertEquals("the check itself failed: java.lang.IllegalStateException: boom", findings.get(0).result().detail());
    }
}

package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChromiumCheckTest {

    @TempDir
    Path tmp;

    @Test
    void noChromiumIsAWarningWithTheInstallCommand() {
        CheckResult result = new ChromiumCheck(tmp.toString(), tmp.resolve("chromium")).run();
        assertEquals(Status.WARN, result.status());
        assertTrue(result.detail().contains("needed by the browser tests only"), result.detail());
        assertEquals("sudo apt-get install -y chromium", result.fix());
    }

    /** The healthy machine: the Chromium the browser tests find (PATH, else /usr/bin/chromium) answers. */
    @Test
    void findsTheBrowserTestsChromium() {
        ChromiumCheck check = ChromiumCheck.ofThisMachine();
        assumeTrue(check.find() != null, "no Chromium here (bash environment/setup.sh test installs it)");
        CheckResult result = check.run();
        assertEquals(Status.OK, result.status(), result.detail());
        assertTrue(result.detail().toLowerCase(java.util.Locale.ROOT).contains("chrom"), result.detail());
    }
}

package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCheckTest {

    private final Installation installation = new Installation(Path.of("/opt/lmlab"), Path.of("/opt/lmlab/.venv"));

    /** Surefire starts this JVM with the flags of the pom (lmlab.jvm.flags), as bin/lmlab does. */
    @Test
    void thisJvmHasWhatLmlabNeeds() {
        CheckResult result = JavaCheck.ofThisJvm(installation).run();
        assertTrue(result.status() != Status.FAIL, result.detail());
        assertTrue(result.detail().startsWith("Java " + Runtime.version()), result.detail());
    }

    @Test
    void aJdk23WithoutItsFlagsFailsAndNamesThem() {
        CheckResult result = new JavaCheck("23.0.1", 23, List.of("-Xmx2g"), true, true, installation).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().endsWith("without --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"),
                result.detail());
        assertTrue(result.fix().startsWith("start lmlab with /opt/lmlab/bin/lmlab"), result.fix());
    }

    @Test
    void closedNioAndNoHeadlessFail() {
        CheckResult result = new JavaCheck("17.0.15", 17, List.of(), false, false, installation).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().endsWith("without -Djava.awt.headless=true --add-opens=java.base/java.nio=ALL-UNNAMED"),
                result.detail());
    }

    @Test
    void aReleaseNewerThanTestedWarns() {
        CheckResult result = new JavaCheck("26", 26, List.of("--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"), true, true, installation).run();
        assertEquals(Status.WARN, result.status(), result.detail());
        assertTrue(result.detail().contains("tested on Java 17 to 25"), result.detail());
    }
}

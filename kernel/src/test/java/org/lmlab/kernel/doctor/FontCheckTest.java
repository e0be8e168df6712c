package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FontCheckTest {

    @TempDir
    Path tmp;

    @Test
    void noFontsFailsAndNamesThePackage() throws Exception {
        Files.writeString(tmp.resolve("README"), "not a font");
        CheckResult result = new FontCheck(List.of(tmp, tmp.resolve("missing")), false).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().startsWith("no TrueType/OpenType fonts in "), result.detail());
        assertEquals("sudo apt-get install -y fonts-dejavu-core", result.fix());
    }

    /** The healthy machine: as many font files under /usr/share/fonts as fontconfig lists there. */
    @Test
    void countsTheFontsFontconfigKnows() throws Exception {
        Path fonts = Path.of("/usr/share/fonts");
        assumeTrue(Files.isDirectory(fonts) && Files.isExecutable(Path.of("/usr/bin/fc-list")), "no fontconfig here");
        long listed = Fixtures.run(List.of("/usr/bin/fc-list", "--format", "%{file}\\n"), Map.of()).lines()
                .filter(l -> l.startsWith(fonts + "/")).filter(l -> l.matches("(?i).*\\.(ttf|otf|ttc)$")).distinct().count();
        assumeTrue(listed > 0, "fontconfig lists no TrueType/OpenType fonts (sudo apt-get install -y fonts-dejavu-core)");
        CheckResult result = new FontCheck(List.of(fonts), true).run();
        assertEquals(Status.OK, result.status(), result.detail());
        assertTrue(result.detail().startsWith(listed + " font files"), result.detail() + " vs fc-list " + listed);
    }
}

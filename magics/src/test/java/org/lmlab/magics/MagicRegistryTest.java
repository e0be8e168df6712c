package org.lmlab.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.magics.core.ClasspathMagic;
import org.lmlab.magics.core.LsMagic;
import org.lmlab.magics.core.MavenMagic;
import org.lmlab.magics.core.TimeMagic;

class MagicRegistryTest {

    private final MagicRegistry registry = new MagicRegistry()
            .register(CommandMagic.line(LsMagic::new))
            .register(new TimeMagic())
            .register(CommandMagic.line(ClasspathMagic::new))
            .register(CommandMagic.line(MavenMagic::new));

    @Test
    void unknownMagicSuggestsClosestNames() {
        UnknownMagicException e = assertThrows(UnknownMagicException.class,
                () -> registry.lookup("lsmagc", MagicKind.LINE));
        assertEquals(List.of("%lsmagic"), e.suggestions());
        assertTrue(e.getMessage().contains("Did you mean %lsmagic?"), e.getMessage());
        UnknownMagicException swapped = assertThrows(UnknownMagicException.class,
                () -> registry.lookup("tiem", MagicKind.LINE));
        assertEquals("%time", swapped.suggestions().get(0));
    }

    @Test
    void lineOnlyMagicIsUnknownAsCellMagic() {
        UnknownMagicException e = assertThrows(UnknownMagicException.class,
                () -> registry.lookup("maven", MagicKind.CELL));
        assertTrue(e.getMessage().startsWith("Unknown magic %%maven."), e.getMessage());
    }

    @Test
    void duplicateRegistrationFails() {
        assertThrows(IllegalStateException.class, () -> registry.register(new TimeMagic()));
    }

    @Test
    void completesNamesWithPrefix() {
        assertEquals(List.of("%classpath"), registry.namesStartingWith("cl", MagicKind.LINE));
        assertEquals(List.of("%%time"), registry.namesStartingWith("", MagicKind.CELL));
    }

    @Test
    void everyMagicHasHelpAndSummary() throws Exception {
        for (Magic magic : registry.all()) {
            assertTrue(!magic.summary().isBlank() && !magic.summary().contains("%%%"), magic.name());
            assertTrue(magic.help().contains("--help"), magic.name() + ": " + magic.help());
            assertTrue(!magic.help().contains("[picocli WARN]"), magic.help());
        }
    }

    @Test
    void commandMagicReportsBadArgumentsWithUsage() throws Exception {
        Magic maven = registry.lookup("maven", MagicKind.LINE);
        MagicCall call = new MagicCall("maven", MagicKind.LINE, "x:y:1 --bogus", List.of("x:y:1", "--bogus"), "", 1);
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> maven.run(call, null));
        assertTrue(e.getMessage().contains("Unknown option: '--bogus'"), e.getMessage());
        assertTrue(e.usage().startsWith("Usage: %maven"), e.usage());
        MagicCall missing = new MagicCall("maven", MagicKind.LINE, "", List.of(), "", 1);
        MagicUsageException none = assertThrows(MagicUsageException.class, () -> maven.run(missing, null));
        assertTrue(none.getMessage().contains("COORDINATE"), none.getMessage());
    }

    @Test
    void helpOptionReturnsUsageText() throws Exception {
        Magic ls = registry.lookup("lsmagic", MagicKind.LINE);
        Object help = ls.run(new MagicCall("lsmagic", MagicKind.LINE, "--help", List.of("--help"), "", 1), null);
        assertTrue(help instanceof HelpText text && text.text().startsWith("Usage: %lsmagic"), String.valueOf(help));
    }

    @Test
    void optionsComplete() throws Exception {
        assertEquals(List.of("--offline"), registry.lookup("maven", MagicKind.LINE).complete("--of"));
    }
}

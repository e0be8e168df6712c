package org.lmlab.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The magic-line grammar that running, completion, help and is_complete share. */
class MagicLineTest {

    @Test
    void lineAndCellMagicsSplitIntoNameAndRest() {
        assertEquals(Optional.of(new MagicLine(MagicKind.LINE, "time", " a + 1")), MagicLine.parse("%time a + 1"));
        assertEquals(Optional.of(new MagicLine(MagicKind.CELL, "sql", " -o small")), MagicLine.parse("%%sql -o small"));
        // Hyphens and dots belong to names (%pe-study); the name ends at the first other character.
        assertEquals("pe-study", MagicLine.parse("%pe-study run").orElseThrow().name());
        assertEquals(new MagicLine(MagicKind.LINE, "time", ";x"), MagicLine.parse("%time;x").orElseThrow());
    }

    @Test
    void onlyColumnZeroPercentIsAMagic() {
        assertTrue(MagicLine.parse("int r = 7 % 3;").isEmpty());
        assertTrue(MagicLine.parse("    % 3;").isEmpty());
        assertTrue(MagicLine.parse("").isEmpty());
    }

    @Test
    void aNameBeingTypedMayBeEmpty() {
        MagicLine bare = MagicLine.parse("%").orElseThrow();
        assertEquals("", bare.name());
        assertEquals("", bare.rest());
        assertEquals(1, bare.nameStart());
        MagicLine cell = MagicLine.parse("%%ti").orElseThrow();
        assertEquals(MagicKind.CELL, cell.kind());
        assertEquals("ti", cell.name());
        assertEquals(4, cell.nameEnd());
        assertEquals("%%ti", cell.typedName());
        assertEquals("", MagicLine.parse("% 3").orElseThrow().name());
    }

    @Test
    void cellMagicCountsOnlyOnTheFirstNonBlankLine() {
        assertTrue(MagicLine.startsCellMagic("\n  \n%%time\nfor (;;) {"));
        assertFalse(MagicLine.startsCellMagic("int x;\n%%time"));
        assertFalse(MagicLine.startsCellMagic("%time\nint x;"));
        assertFalse(MagicLine.startsCellMagic("  %%time"));
        assertFalse(MagicLine.startsCellMagic(""));
    }

    @Test
    void blankingMagicLinesKeepsJavaLineNumbers() {
        // Line 3 of the cell stays line 3 of what the Java analysis sees; \r\n endings count as one break.
        assertEquals("int a = 1;\n\nint b = a % 2;\n  %not magic\n",
                MagicLine.blankMagicLines("int a = 1;\r\n%time x\nint b = a % 2;\n  %not magic"));
    }
}

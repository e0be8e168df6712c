package org.lmlab.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellScriptTest {

    @Test
    void plainJavaIsOnePart() throws Exception {
        CellScript script = CellScript.parse("int x = 1;\nx + 1");
        assertTrue(script.isPlainJava());
        assertEquals(List.of(new CellScript.JavaCode("int x = 1;\nx + 1\n", 1)), script.parts());
    }

    @Test
    void lineMagicsSplitJavaAndKeepLineNumbers() throws Exception {
        CellScript script = CellScript.parse("int a = 1;\n%time a + 1\n\nint b = 2;");
        List<CellScript.Part> parts = script.parts();
        assertEquals(3, parts.size());
        assertEquals(1, parts.get(0).firstLine());
        MagicCall call = ((CellScript.MagicPart) parts.get(1)).call();
        assertEquals("time", call.name());
        assertEquals(MagicKind.LINE, call.kind());
        assertEquals("a + 1", call.argLine());
        assertEquals(2, call.line());
        CellScript.JavaCode last = (CellScript.JavaCode) parts.get(2);
        assertEquals(4, last.firstLine() + (int) last.code().lines().takeWhile(String::isBlank).count());
    }

    @Test
    void cellMagicTakesTheRestAsBody() throws Exception {
        CellScript script = CellScript.parse("\n%%time\nint x = 1;\nx");
        MagicCall call = ((CellScript.MagicPart) script.parts().get(0)).call();
        assertEquals(MagicKind.CELL, call.kind());
        assertEquals("int x = 1;\nx", call.body());
        assertEquals(2, call.line());
    }

    @Test
    void indentedPercentStaysJava() throws Exception {
        CellScript script = CellScript.parse("int r = 7\n    % 3;");
        assertTrue(script.isPlainJava());
    }

    @Test
    void quotedArgumentsStayTogether() throws Exception {
        MagicCall call = ((CellScript.MagicPart) CellScript.parse("%maven --repo 'a b' x:y:1").parts().get(0)).call();
        assertEquals(List.of("--repo", "a b", "x:y:1"), call.args());
    }

    @Test
    void misplacedCellMagicIsAUsageError() {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> CellScript.parse("int x;\n%%time"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("first line"), e.getMessage());
    }

    @Test
    void unterminatedQuoteNamesTheColumn() {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> CellScript.parse("%maven \"abc"));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }

    @Test
    void percentWithoutNameIsReported() {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> CellScript.parse("% 3"));
        assertInstanceOf(MagicUsageException.class, e);
        assertTrue(e.getMessage().contains("names no magic"), e.getMessage());
    }
}

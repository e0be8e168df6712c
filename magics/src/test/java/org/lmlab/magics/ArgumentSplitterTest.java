package org.lmlab.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentSplitterTest {

    @Test
    void splitsLikeAPosixShell() {
        assertEquals(List.of("a", "b c", "d\"e", "f g", "h"),
                ArgumentSplitter.split("  a 'b c' \"d\\\"e\" f\\ g   h "));
        assertEquals(List.of(), ArgumentSplitter.split("   "));
        assertEquals(List.of(""), ArgumentSplitter.split("''"));
    }

    @Test
    void unterminatedQuoteFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArgumentSplitter.split("a 'b"));
        assertEquals("unterminated ' quote starting at column 3", e.getMessage());
    }
}

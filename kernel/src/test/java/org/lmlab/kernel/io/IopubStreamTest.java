package org.lmlab.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IopubStreamTest {

    @Test
    void holdsBackAnIncompleteUtf8Sequence() {
        byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes
        assertEquals(text.length, IopubStream.completeUtf8Prefix(text, text.length));
        for (int cut = 1; cut < text.length; cut++) {
            int complete = IopubStream.completeUtf8Prefix(Arrays.copyOf(text, cut), cut);
            String decoded = new String(text, 0, complete, StandardCharsets.UTF_8);
            assertEquals(true, "aé€😀".startsWith(decoded) && !decoded.contains("\uFFFD"), "cut " + cut);
            assertEquals(true, cut - complete < 4, "cut " + cut);
        }
    }
}

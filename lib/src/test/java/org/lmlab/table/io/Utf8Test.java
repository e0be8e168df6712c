package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8#valid} accepts exactly what the JDK's strict UTF-8 decoder (the Java CSV reader's) accepts. */
class Utf8Test {

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random r = new Random(5);
        // Bytes around every boundary of Table 3-7: lead bytes, continuation ranges, ASCII.
        int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        int accepted = 0;
        for (int k = 0; k < 300_000; k++) {
            byte[] b = new byte[r.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : interesting[r.nextInt(interesting.length)]);
            }
            boolean expected = jdkAccepts(b);
            assertEquals(expected, Utf8.valid(b, 0, b.length), java.util.HexFormat.of().formatHex(b));
            accepted += expected ? 1 : 0;
        }
        String text = "ascii, ünïcødé ✓ 東京 \uD83D\uDE00 and more ascii after it";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(true, Utf8.valid(utf8, 0, utf8.length));
        assertEquals(text, Utf8.decode(utf8, 0, utf8.length));
        // A sequence cut short at the end of the range is not valid, even when the array goes on.
        int cut = text.indexOf('✓') + 1;
        assertEquals(false, Utf8.valid(utf8, 0, new String(text.substring(0, cut)).getBytes(StandardCharsets.UTF_8)
                .length - 1));
        assertEquals(true, accepted > 10_000, accepted + " valid samples");
    }
}

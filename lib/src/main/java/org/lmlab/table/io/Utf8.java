package org.lmlab.table.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 checks on raw bytes, accepting exactly what the JDK's UTF-8 decoder accepts
 * when it reports malformed input (the Java CSV reader's setting): the well-formed sequences
 * of the Unicode standard (Table 3-7), so no overlong forms, no surrogates, nothing above
 * U+10FFFF.
 */
final class Utf8 {

    private Utf8() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** Whether bytes {@code [from, to)} are well-formed UTF-8. */
    static boolean valid(byte[] b, int from, int to) {
        int i = from;
        // ASCII first, eight bytes at a time: most text is.
        while (i + 8 <= to && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        while (i < to && b[i] >= 0) {
            i++;
        }
        return i == to || validFrom(b, i, to);
    }

    private static boolean validFrom(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int lead = b[i] & 0xff;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                low = lead == 0xE0 ? 0xA0 : 0x80;
                high = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                low = lead == 0xF0 ? 0x90 : 0x80;
                high = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (to - i < length) {
                return false;
            }
            // The second byte's range depends on the lead byte; the others are plain continuations.
            int second = b[i + 1] & 0xff;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k < length; k++) {
                int next = b[i + k] & 0xff;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }

    /** The text of bytes {@code [from, to)}, or null if they are not well-formed UTF-8. */
    static String decode(byte[] b, int from, int to) {
        return valid(b, from, to) ? new String(b, from, to - from, StandardCharsets.UTF_8) : null;
    }
}

package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast decimal parser agrees bit for bit with Double.parseDouble (correct rounding) where it applies. */
class TextValuesTest {

    @Test
    void fastDecimalsEqualDoubleParseDoubleBitForBit() {
        Random random = new Random(42);
        int fast = 0;
        for (int k = 0; k < 200_000; k++) {
            double v = switch (k % 4) {
                case 0 -> random.nextDouble();
                case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 10);
                case 2 -> random.nextInt(1_000_000) / 1000.0;
                default -> random.nextGaussian() * 1e6;
            };
            String text = k % 3 == 0 ? Double.toString(v)
                    : String.format(Locale.ROOT, "%." + random.nextInt(20) + "f", v);
            double parsed = TextValues.parseDouble(text);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(parsed), text);
            if (!Double.isNaN(Decimals.parse(TextValues.latin1(text), 0, text.length()))) {
                fast++;
            }
        }
        assertTrue(fast > 50_000, "the fast path took only " + fast + " of 200000");
        for (String edge : new String[] {"0", "-0", "0.", ".5", "-.5", "9007199254740991", "9007199254740992",
            "0.3322500640603858", "123456789012345678", "1.0000000000000000000001"}) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(edge)),
                    Double.doubleToRawLongBits(TextValues.parseDouble(edge)), edge);
        }
    }

    @Test
    void epochDaysEqualJavaTimeForEveryDayFrom1600To2400() {
        for (long day = java.time.LocalDate.of(1600, 1, 1).toEpochDay(); day <= java.time.LocalDate.of(2400, 12, 31)
                .toEpochDay(); day++) {
            java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
            assertEquals(day, TextValues.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()),
                    date.toString());
        }
        for (int[] bad : new int[][] {{2023, 2, 29}, {1900, 2, 29}, {2024, 4, 31}, {2024, 13, 1}, {2024, 0, 1},
            {2024, 1, 0}, {2024, 1, 32}}) {
            assertEquals(Long.MIN_VALUE, TextValues.epochDay(bad[0], bad[1], bad[2]), java.util.Arrays.toString(bad));
        }
        assertEquals(java.time.LocalDate.of(2000, 2, 29).toEpochDay(), TextValues.epochDay(2000, 2, 29));
    }

    /** The inference tests as first written (a pattern, then the parser): the fast versions must agree. */
    private static boolean referenceInt64(String s) {
        if (!s.matches("[+-]?\\d{1,19}")) {
            return false;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean referenceDate(String s) {
        if (!s.matches("-?\\d{4,}-\\d{2}-\\d{2}")) {
            return false;
        }
        try {
            java.time.LocalDate.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static int referenceDateTimeKind(String s) {
        if (!s.matches("-?\\d{4,}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:?\\d{2})?")) {
            return 0;
        }
        try {
            TextValues.parseMicros(s);
            int t = Math.max(s.indexOf('T'), s.indexOf(' '));
            boolean offset = s.endsWith("Z") || t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0);
            return offset ? 2 : 1;
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return 0;
        }
    }

    @Test
    void inferenceShortcutsAgreeWithThePatterns() {
        Random r = new Random(11);
        String[] pieces = {"0", "1", "9", "12", "2024", "-", "+", ":", ".", "T", " ", "Z", "x", "٣", "00", "59", "60",
            "99", "9223372036854775807", "9223372036854775808"};
        String[] shapes = {"2024-02-29", "2023-02-29", "2024-13-01", "12024-01-01", "-0001-01-01", "2024-01-01T10:00",
            "2024-01-01 10:00:00", "2024-01-01T10:00:00.123456", "2024-01-01T10:00:00.1234567", "2024-01-01T24:00:00",
            "2024-01-01T10:60:00", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00+05:30", "2024-01-01T10:00:00-0530",
            "2024-01-01 10:00:00.5", "+12", "-0", "007", "1e5"};
        for (int k = 0; k < 200_000; k++) {
            String s;
            if (k % 2 == 0) {
                StringBuilder b = new StringBuilder();
                for (int n = r.nextInt(8); n > 0; n--) {
                    b.append(pieces[r.nextInt(pieces.length)]);
                }
                s = b.toString();
            } else {
                StringBuilder b = new StringBuilder(shapes[r.nextInt(shapes.length)]);
                if (r.nextBoolean() && b.length() > 0) {
                    b.setCharAt(r.nextInt(b.length()), pieces[r.nextInt(pieces.length)].charAt(0));
                }
                s = b.toString();
            }
            assertEquals(referenceInt64(s), TextValues.isInt64(s), s);
            assertEquals(referenceDate(s), TextValues.isDate(s), s);
            assertEquals(referenceDateTimeKind(s), TextValues.dateTimeKind(s), s);
        }
    }
}

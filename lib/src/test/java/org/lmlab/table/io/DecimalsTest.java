package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Decimals} against the JDK's correctly rounded {@link Double#parseDouble}: wherever it
 * answers, bit for bit the same double, on random numbers of every magnitude, on texts a hair
 * either side of the half-way point between two doubles (where a wrong rounding shows first),
 * and on random digit strings. The count per case is {@code -Dlmlab.decimals.cases} (default
 * 100,000; run with 10,000,000 to stress it).
 */
class DecimalsTest {

    private static final int CASES = Integer.getInteger("lmlab.decimals.cases", 100_000);

    private static double parse(String text) {
        byte[] b = TextValues.latin1(text);
        return Decimals.parse(b, 0, b.length);
    }

    /** Parses with Decimals; if it answers, the JDK must agree bit for bit. Returns whether it answered. */
    private static boolean agrees(String text) {
        double ours = parse(text);
        if (Double.isNaN(ours)) {
            return false;
        }
        long expected = Double.doubleToRawLongBits(Double.parseDouble(text));
        if (Double.doubleToRawLongBits(ours) != expected) {
            throw new AssertionError(text + ": Decimals gives " + ours + ", Double.parseDouble "
                    + Double.parseDouble(text));
        }
        return true;
    }

    private static double randomDouble(Random r) {
        return switch (r.nextInt(4)) {
            // Every finite double whose exponent is in the normal range.
            case 0 -> Double.longBitsToDouble((1L + r.nextInt(2046)) << 52 | r.nextLong() & 0x000F_FFFF_FFFF_FFFFL);
            case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 2 -> r.nextGaussian();
            default -> r.nextInt(1 << 20) / (double) (1 << r.nextInt(30));
        };
    }

    @Test
    void shortestRoundTripTextsOfRandomDoublesParseBackExactly() {
        Random r = new Random(1);
        int answered = 0;
        for (int k = 0; k < CASES; k++) {
            double v = randomDouble(r);
            String text = r.nextBoolean() ? Double.toString(v) : new BigDecimal(v).round(
                    new MathContext(15 + r.nextInt(5), RoundingMode.HALF_EVEN)).toString();
            if (agrees(r.nextBoolean() || text.startsWith("-") ? text : "-" + text)) {
                answered++;
            }
        }
        // Everything with at most 19 significant digits in the normal range is decided here.
        assertTrue(answered > CASES * 0.995, answered + " of " + CASES + " answered");
    }

    @Test
    void textsNextToTheHalfWayPointBetweenTwoDoublesRoundCorrectly() {
        Random r = new Random(2);
        int answered = 0;
        for (int k = 0; k < CASES; k++) {
            double v = Math.abs(randomDouble(r));
            BigDecimal low = new BigDecimal(v);
            BigDecimal half = low.add(new BigDecimal(Math.nextUp(v))).divide(BigDecimal.valueOf(2));
            int digits = 16 + r.nextInt(4);
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING,
                RoundingMode.HALF_EVEN}) {
                String text = half.round(new MathContext(digits, mode)).toString();
                if (agrees(text)) {
                    answered++;
                }
            }
        }
        assertTrue(answered > CASES, answered + " of " + 3 * CASES + " answered");
    }

    @Test
    void randomDigitStringsWithPointsAndExponentsAgree() {
        Random r = new Random(3);
        for (int k = 0; k < CASES; k++) {
            StringBuilder text = new StringBuilder();
            if (r.nextInt(4) == 0) {
                text.append(r.nextBoolean() ? '-' : '+');
            }
            int length = 1 + r.nextInt(22);
            int point = r.nextInt(length + 2) - 1;
            for (int i = 0; i < length; i++) {
                if (i == point) {
                    text.append('.');
                }
                text.append(r.nextInt(5) == 0 ? '0' : (char) ('0' + r.nextInt(10)));
            }
            if (r.nextInt(3) == 0) {
                text.append(r.nextBoolean() ? 'e' : 'E').append(r.nextInt(3) == 0 ? "-" : "").append(r.nextInt(330));
            }
            agrees(text.toString());
        }
    }

    @Test
    void onlyPlainDecimalsAreAnswered() {
        for (String text : new String[] {"", "-", "+", ".", "e5", ".e5", "1e", "1e+", "1..2", "1.2.3", "0x10",
            "1f", "1d", "NaN", "Infinity", " 1", "1 ", "1_0", "١", "1e1234567", "--1", "1e5.0"}) {
            assertTrue(Double.isNaN(parse(text)), "'" + text + "' must be refused");
        }
        for (String text : new String[] {"0", "-0", "+0.0", "0.", ".5", "-.5", "1.e5", "1E-3", "007",
            "9007199254740992", "9007199254740993", "18446744073709551615", "0.3322500640603858",
            "1.7976931348623157e308", "2.2250738585072014E-308", "4.9e-324", "1e-400", "1e400",
            "0.000000000000000000000000000000000001"}) {
            double ours = parse(text);
            if (!Double.isNaN(ours)) {
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(ours),
                        text);
            }
        }
        assertEquals(-0.0, parse("-0.000"));
        assertEquals(1.5, Decimals.parse(TextValues.latin1("x1.5y"), 1, 4), "parses the given range only");
    }
}

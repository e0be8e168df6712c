package org.lmlab.table.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Decimal text to the nearest double, as {@link Double#parseDouble} gives it, without its
 * allocations: the cost of reading a float column is mostly here.
 *
 * <p>Two exact methods cover almost every number a program writes (up to 19 significant
 * digits): Clinger's fast path when the digits and the power of ten are both exact doubles
 * (one IEEE multiplication or division then rounds correctly), else the Eisel–Lemire
 * algorithm (D. Lemire, "Number Parsing at a Gigabyte per Second", Software: Practice and
 * Experience 51(8), 2021), which multiplies by a 128-bit approximation of the power of ten
 * and proves from the product's low bits whether the rounding is decided. Where it is not
 * (a near tie, subnormal or overflowing results), or the text has more than 19 significant
 * digits or another shape, {@link #parse} answers NaN and the caller takes the JDK's parser.
 *
 * <p>fastdoubleparser (Maven Central) parses as fast (a tie, docs/benchmarks.md) but accepts Java's wider syntax
 * (hex, {@code d}/{@code f} suffixes) and signals rejection by exception, so this class stays.
 */
final class Decimals {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** Powers of ten that doubles hold exactly. */
    private static final double[] EXACT_POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private static final int MIN_EXPONENT = -342;
    private static final int MAX_EXPONENT = 308;

    private Decimals() {
    }

    /**
     * The double nearest to the ASCII text in bytes {@code s[from, to)} if it is a plain decimal
     * {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?} this class can round exactly; NaN otherwise
     * (never for a text it accepts, so NaN always means "ask {@link Double#parseDouble}").
     */
    static double parse(byte[] s, int from, int to) {
        int i = from;
        boolean negative = i < to && s[i] == '-';
        if (negative || i < to && s[i] == '+') {
            i++;
        }
        int start = i;
        int point = -1;
        long digits = 0;      // the significant digits as an unsigned integer
        int significant = 0;  // how many, from the first non-zero digit on
        for (; i < to; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                // Past the leading zeros, up to eight digits at once while 19 digits are not exceeded.
                int k = Math.min(8, to - i);
                long merged = significant > 0 && significant + k <= 19 && (k == 8 || to >= 8)
                        ? appendDigits(digits, s, i, k) : -1;
                if (merged >= 0) {
                    digits = merged;
                    significant += k;
                    i += k - 1;
                } else if (significant > 0 || c != '0') {
                    if (++significant > 19) {
                        return Double.NaN;
                    }
                    digits = digits * 10 + (c - '0');
                }
            } else if (c == '.' && point < 0) {
                point = i;
            } else {
                break;
            }
        }
        int digitCount = i - start - (point >= 0 ? 1 : 0);
        int exponent = i < to ? exponent(s, i, to) : 0;
        if (digitCount == 0 || exponent == Integer.MIN_VALUE) {
            return Double.NaN;
        }
        return nearest(digits, exponent - (point >= 0 ? i - point - 1 : 0), negative);
    }

    /** The value of an exponent {@code [eE][+-]?\d{1,6}} filling {@code s[i, to)}, else Integer.MIN_VALUE. */
    private static int exponent(byte[] s, int i, int to) {
        long value = s[i] == 'e' || s[i] == 'E' ? plainInteger(s, i + 1, to, 6) : Long.MIN_VALUE;
        return value == Long.MIN_VALUE ? Integer.MIN_VALUE : (int) value;
    }

    /**
     * {@code [+-]?\d{1,maxDigits}} filling bytes {@code [from, to)} as a number, else Long.MIN_VALUE;
     * {@code maxDigits} at most 18, so it cannot overflow.
     */
    static long plainInteger(byte[] b, int from, int to, int maxDigits) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative || i < to && b[i] == '+') {
            i++;
        }
        if (i == to || to - i > maxDigits) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000};

    /**
     * {@code digits} followed by the {@code k} (at most 8) bytes at {@code s[i]} if they are all
     * ASCII digits, else -1 (also if the result needs the sign bit; the caller then goes byte by
     * byte). Fewer than eight are read as the last bytes of an eight-byte word whose first bytes
     * stand in as zeros.
     */
    private static long appendDigits(long digits, byte[] s, int i, int k) {
        long word;
        if (k == 8) {
            word = (long) LONGS.get(s, i);
        } else {
            long before = -1L >>> 8 * k;
            word = (long) LONGS.get(s, i + k - 8) & ~before | 0x3030303030303030L & before;
        }
        return eightDigits(word) ? digits * POWERS_OF_TEN[k] + eightDigitValue(word) : -1;
    }

    /** Whether the eight bytes of {@code word} (little-endian) are all ASCII digits. */
    static boolean eightDigits(long word) {
        return ((word & 0xF0F0F0F0F0F0F0F0L) | ((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4)
                == 0x3333333333333333L;
    }

    /** The number the eight ASCII digits of {@code word} spell, its first byte the most significant digit. */
    static long eightDigitValue(long word) {
        long v = twoDigitLanes(word);
        v = (v * 100 + (v >>> 16)) & 0x0000FFFF0000FFFFL;
        return (v * 10_000 + (v >>> 32)) & 0xFFFFFFFFL;
    }

    /** The eight ASCII digits of {@code word} as four two-digit numbers, one per 16-bit lane, first pair lowest. */
    static long twoDigitLanes(long word) {
        long v = word - 0x3030303030303030L;
        return (v * 10 + (v >>> 8)) & 0x00FF00FF00FF00FFL;
    }

    /** The double nearest to {@code digits × 10^exponent} ({@code digits} unsigned), or NaN if undecided here. */
    static double nearest(long digits, int exponent, boolean negative) {
        if (digits == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (digits >= 0 && digits <= 1L << 53 && exponent >= -22 && exponent <= 22) {
            double value = exponent >= 0 ? digits * EXACT_POWERS[exponent] : digits / EXACT_POWERS[-exponent];
            return negative ? -value : value;
        }
        return eiselLemire(digits, exponent, negative);
    }

    private static double eiselLemire(long digits, int exponent, boolean negative) {
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            return Double.NaN;
        }
        int shift = Long.numberOfLeadingZeros(digits);
        long w = digits << shift;
        Power power = Power.of(exponent);
        long powerHigh = power.high();
        long high = unsignedMultiplyHigh(w, powerHigh);
        long low = w * powerHigh;
        // The product's bits below the 54 kept are all ones: the table's lower half may carry into them.
        if ((high & 0x1FF) == 0x1FF && Long.compareUnsigned(low + w, w) < 0) {
            long powerLow = power.low();
            long carryIn = unsignedMultiplyHigh(w, powerLow);
            long lowest = w * powerLow;
            long mergedLow = low + carryIn;
            long mergedHigh = Long.compareUnsigned(mergedLow, low) < 0 ? high + 1 : high;
            if ((mergedHigh & 0x1FF) == 0x1FF && mergedLow == -1L && Long.compareUnsigned(lowest + w, w) < 0) {
                return Double.NaN;
            }
            high = mergedHigh;
            low = mergedLow;
        }
        int top = (int) (high >>> 63);
        long mantissa = high >>> (top + 9);
        // floor(exponent · log2(10)) is (217706 · exponent) >> 16 for |exponent| ≤ 1650.
        long binaryExponent = ((217_706L * exponent) >> 16) + 64 + 1023 - shift - (1 ^ top);
        if (low == 0 && (high & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return Double.NaN; // exactly half-way between two doubles: round-to-even needs more care
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >>> 53 != 0) {
            mantissa >>>= 1;
            binaryExponent++;
        }
        if (binaryExponent <= 0 || binaryExponent >= 0x7FF) {
            return Double.NaN; // subnormal or infinite: the JDK's parser decides
        }
        long bits = binaryExponent << 52 | mantissa & ((1L << 52) - 1);
        return Double.longBitsToDouble(negative ? bits | Long.MIN_VALUE : bits);
    }

    /** High half of the unsigned 128-bit product (Math.unsignedMultiplyHigh arrived in Java 18). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + (a >> 63 & b) + (b >> 63 & a);
    }

    /**
     * 10^q's significand to 128 bits (most significant bit set), high word and low word: 5^q
     * truncated for q ≥ 0; for q < 0 the reciprocal of 5^-q, rounded up where it fits in 128 bits
     * and truncated from a wider quotient below 5^-27, as the algorithm's error analysis assumes.
     * Each is computed on first use (a file's numbers use a handful) and kept; the fields are
     * final, so a power another thread stored is seen whole.
     */
    private record Power(long high, long low) {
        private static final Power[] KNOWN = new Power[MAX_EXPONENT - MIN_EXPONENT + 1];

        static Power of(int q) {
            Power known = KNOWN[q - MIN_EXPONENT];
            if (known == null) {
                known = compute(q);
                KNOWN[q - MIN_EXPONENT] = known;
            }
            return known;
        }

        private static Power compute(int q) {
            BigInteger significand;
            if (q >= 0) {
                significand = toBits(BigInteger.valueOf(5).pow(q), 128);
            } else {
                BigInteger power = BigInteger.valueOf(5).pow(-q);
                int z = power.bitLength();
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                significand = toBits(BigInteger.ONE.shiftLeft(b).divide(power).add(BigInteger.ONE), 128);
            }
            return new Power(significand.shiftRight(64).longValue(), significand.longValue());
        }

        /** {@code v} shifted so that it has exactly {@code bits} bits, truncating if it is wider. */
        private static BigInteger toBits(BigInteger v, int bits) {
            int length = v.bitLength();
            return length <= bits ? v.shiftLeft(bits - length) : v.shiftRight(length - bits);
        }
    }
}

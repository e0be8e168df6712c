package org.lmlab.table.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Micros;
import org.lmlab.table.TableAppender;

/**
 * Parses text cells (CSV fields, JSON scalars) into typed column values, with the same rules
 * for inference and for explicit schemas: what inference accepts as a type, parsing accepts.
 */
final class TextValues {

    private static final Pattern DATE = Pattern.compile("-?\\d{4,}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "-?\\d{4,}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:?\\d{2})?");
    // ISO date-time with 'T' or ' ' and up to microsecond fractions.
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 1, 6, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(
            long[].class, ByteOrder.LITTLE_ENDIAN);

    private TextValues() {
    }

    /** How a bool cell may spell true and false. */
    static final List<String> TRUE_WORDS = List.of("true", "True", "TRUE");
    static final List<String> FALSE_WORDS = List.of("false", "False", "FALSE");

    static boolean isBool(String s) {
        return TRUE_WORDS.contains(s) || FALSE_WORDS.contains(s);
    }

    /** {@code [+-]?\d{1,19}} (ASCII digits) within the range of a long. */
    static boolean isInt64(String s) {
        int n = s.length();
        int first = n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (n - first < 1 || n - first > 19) {
            return false;
        }
        for (int i = first; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        if (n - first < 19) {
            return true;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isFloat64(String s) {
        return isDecimal(s) || special(s) != null;
    }

    /** Matches {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?} without a regex: this runs per cell. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Days since 1970-01-01 of an ISO date; plain {@code yyyy-MM-dd} skips the general parser. */
    static int parseEpochDay(String s) {
        byte[] b = latin1(s);
        long fast = plainEpochDay(b, 0, b.length);
        return fast != Long.MIN_VALUE ? (int) fast : Math.toIntExact(LocalDate.parse(s).toEpochDay());
    }

    /**
     * The characters of {@code s} as bytes for the byte parsers here; a character above U+00FF
     * becomes '?', which none of them accepts, so such a text goes to the general parser.
     */
    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Days since 1970-01-01 of a valid plain {@code yyyy-MM-dd} in bytes {@code [from, to)}, else
     * Long.MIN_VALUE (the general parser decides).
     */
    static long plainEpochDay(byte[] b, int from, int to) {
        if (to - from != 10 || b[from + 4] != '-' || b[from + 7] != '-') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        return (year | month | day) < 0 ? Long.MIN_VALUE : epochDay(year, month, day);
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm[:ss[.f…]][Z|±HH:MM]} in bytes {@code [from, to)}
     * parsed by hand, or {@code Long.MIN_VALUE} when it has another shape (or needs a zone, or
     * has an offset where {@code offsets} is false) and must take the general parser.
     */
    static long fastMicros(byte[] b, int from, int to, String zone, boolean offsets) {
        if (zone == null) {
            long common = commonMicros(b, from, to);
            if (common != Long.MIN_VALUE) {
                return common;
            }
        }
        int n = to - from;
        if (n < 16 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != ' ')
                || b[from + 13] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int dayOfMonth = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        if ((year | month | dayOfMonth | hour | minute) < 0) {
            return Long.MIN_VALUE;
        }
        int i = from + 16;
        int second = 0;
        long fraction = 0;
        if (i < to && b[i] == ':') {
            second = n < 19 ? -1 : digits(b, from + 17, 2);
            if (second < 0) {
                return Long.MIN_VALUE;
            }
            i = from + 19;
            if (i < to && b[i] == '.') {
                int start = ++i;
                while (i < to && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                int count = i - start;
                if (count == 0 || count > 6) {
                    return Long.MIN_VALUE;
                }
                fraction = digits(b, start, count);
                for (int k = count; k < 6; k++) {
                    fraction *= 10;
                }
            }
        }
        long offsetSeconds = 0;
        if (i < to) {
            if (!offsets) {
                return Long.MIN_VALUE;
            }
            if (b[i] == 'Z' && i == to - 1) {
                offsetSeconds = 0;
            } else if ((b[i] == '+' || b[i] == '-') && to - i == 6 && b[i + 3] == ':') {
                int hours = digits(b, i + 1, 2);
                int minutes = digits(b, i + 4, 2);
                if ((hours | minutes) < 0) {
                    return Long.MIN_VALUE;
                }
                offsetSeconds = (b[i] == '-' ? -1 : 1) * (hours * 3600L + minutes * 60L);
            } else {
                return Long.MIN_VALUE;
            }
        } else if (zone != null) {
            return Long.MIN_VALUE;
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long day = epochDay(year, month, dayOfMonth);
        if (day == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long seconds = day * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), fraction);
    }

    /**
     * The commonest layout, {@code yyyy-MM-dd[T ]HH:mm:ss} with no fraction or one of one to six
     * digits and no offset, read eight bytes at a time as microseconds since the epoch (the wall
     * clock as UTC); Long.MIN_VALUE for anything else, also for an impossible date or time.
     */
    static long commonMicros(byte[] b, int from, int to) {
        int n = to - from;
        if (n != 19 && (n < 21 || n > 26 || b[from + 19] != '.')) {
            return Long.MIN_VALUE;
        }
        long w0 = (long) LONGS.get(b, from);      // yyyy-MM-
        long w1 = (long) LONGS.get(b, from + 8);  // dd?HH:mm
        long w2 = (long) LONGS.get(b, from + 11); // HH:mm:ss
        long t = w1 >>> 16 & 0xFF;
        if ((w0 >>> 32 & 0xFF) != '-' || w0 >>> 56 != '-' || (t != 'T' && t != ' ') || (w1 >>> 40 & 0xFF) != ':'
                || (w2 >>> 40 & 0xFF) != ':') {
            return Long.MIN_VALUE;
        }
        long date = (w0 & 0xFFFFFFFFL) | (w0 >>> 40 & 0xFFFF) << 32 | (w1 & 0xFFFF) << 48;     // yyyyMMdd
        long time = (w2 & 0xFFFF) | (w2 >>> 24 & 0xFFFF) << 16 | (w2 >>> 48) << 32 | 0x3030L << 48; // HHmmss00
        long fraction = 0x3030303030303030L;
        if (n > 19) {
            int count = n - 20;
            fraction = (long) LONGS.get(b, to - 8) >>> 8 * (8 - count) | 0x3030303030303030L << 8 * count;
        }
        if (!Decimals.eightDigits(date) || !Decimals.eightDigits(time) || !Decimals.eightDigits(fraction)) {
            return Long.MIN_VALUE;
        }
        // Two-digit numbers in 16-bit lanes: yy yy MM dd, HH mm ss 00, ff ff ff 00 (no divisions).
        long ymd = Decimals.twoDigitLanes(date);
        long hms = Decimals.twoDigitLanes(time);
        long f = Decimals.twoDigitLanes(fraction);
        int hour = (int) (hms & 0xFF);
        int minute = (int) (hms >>> 16 & 0xFF);
        int second = (int) (hms >>> 32 & 0xFF);
        long day = epochDay((int) ((ymd & 0xFF) * 100 + (ymd >>> 16 & 0xFF)), (int) (ymd >>> 32 & 0xFF),
                (int) (ymd >>> 48));
        if (hour > 23 || minute > 59 || second > 59 || day == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return (day * 86_400L + hour * 3600L + minute * 60L + second) * 1_000_000L
                + (f & 0xFF) * 10_000 + (f >>> 16 & 0xFF) * 100 + (f >>> 32 & 0xFF);
    }

    /** The number spelled by the {@code count} ASCII digits at {@code b[at]}, or -1 if one is not a digit. */
    private static int digits(byte[] b, int at, int count) {
        int v = 0;
        int outside = 0; // negative once some d is below 0 or above 9: one branch, not one per digit
        for (int i = at; i < at + count; i++) {
            int d = b[i] - '0';
            outside |= d | 9 - d;
            v = v * 10 + d;
        }
        return outside < 0 ? -1 : v;
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date, or Long.MIN_VALUE if there is no such
     * day (month 13, February 30). Counted from 1 March so that the leap day ends a year.
     */
    static long epochDay(int year, int month, int day) {
        boolean leap = Math.floorMod(year, 4) == 0 && (Math.floorMod(year, 100) != 0 || Math.floorMod(year, 400) == 0);
        int length = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        if (month < 1 || month > 12 || day < 1 || day > length) {
            return Long.MIN_VALUE;
        }
        long y = month <= 2 ? year - 1L : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isDate(String s) {
        int n = s.length();
        // Cheap necessary conditions first: this runs for every sampled cell of every column.
        if (n < 10 || s.charAt(n - 3) != '-' || s.charAt(n - 6) != '-' || !DATE.matcher(s).matches()) {
            return false;
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** 1 for a zone-less date-time, 2 for one with an offset, 0 for neither. */
    static int dateTimeKind(String s) {
        if (s.indexOf(':') < 0) {
            return 0; // every date-time has one; numbers and words do not
        }
        byte[] b = latin1(s);
        if (commonMicros(b, 0, b.length) != Long.MIN_VALUE) {
            return 1; // the commonest layout, which the pattern matches and parseMicros reads
        }
        if (!DATE_TIME.matcher(s).matches()) {
            return 0;
        }
        try {
            parseMicros(s);
            return hasOffset(s) ? 2 : 1;
        } catch (DateTimeParseException | ArithmeticException e) {
            return 0;
        }
    }

    static double parseDouble(String s) {
        byte[] b = latin1(s);
        double fast = Decimals.parse(b, 0, b.length);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        if (isDecimal(s)) {
            return Double.parseDouble(s);
        }
        // Double.parseDouble would also take "1f" or hex; CSV numbers are decimal or these words.
        Double special = special(s);
        if (special == null) {
            throw new NumberFormatException("not a decimal number");
        }
        return special;
    }

    static boolean parseBool(String s) {
        if (!isBool(s)) {
            throw new IllegalArgumentException("not true or false");
        }
        return s.charAt(0) == 't' || s.charAt(0) == 'T';
    }

    /** Microseconds since the epoch: the instant for a value with an offset, else the wall clock as UTC. */
    static long parseMicros(String s) {
        return parseMicros(s, null);
    }

    /**
     * Microseconds since the epoch. A value with an offset is that instant; a value without one
     * is a wall clock in {@code zone}, or (zone null) the wall clock counted as if UTC.
     */
    static long parseMicros(String s, String zone) {
        try {
            byte[] b = latin1(s);
            long fast = fastMicros(b, 0, b.length, zone, true);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
        } catch (DateTimeException e) {
            // An impossible date such as 2023-02-30: the general parser gives the better message.
        }
        var parsed = LOCAL.parse(s);
        LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed),
                LocalTime.of(parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
                        parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
                        parsed.isSupported(ChronoField.MICRO_OF_SECOND)
                                ? parsed.get(ChronoField.MICRO_OF_SECOND) * 1000 : 0));
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return Micros.of(OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(
                    parsed.get(ChronoField.OFFSET_SECONDS))).toInstant());
        }
        return zone == null ? Micros.of(local) : Micros.of(local.atZone(ZoneId.of(zone)).toInstant());
    }

    /**
     * Writes {@code text} into cell ({@code column}, {@code row}) as the column's type.
     *
     * @throws IllegalArgumentException with a message saying what the text is not
     */
    static void set(TableAppender out, int column, int row, ColumnSchema type, String text) {
        try {
            switch (type.type()) {
                case INT32 -> out.setInt(column, row, int32Cell(text));
                case INT64 -> out.setLong(column, row, int64Cell(text));
                case FLOAT32 -> out.setFloat(column, row, (float) float64Cell(text));
                case FLOAT64 -> out.setDouble(column, row, float64Cell(text));
                case BOOL -> out.setBoolean(column, row, parseBool(text));
                case UTF8 -> out.setString(column, row, text);
                case DATE -> out.setEpochDay(column, row, dateCell(text));
                case TIMESTAMP -> out.setTimestampMicros(column, row, timestampMicros(text, type.timeZone()));
            }
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("is not " + type.typeName(), e);
        }
    }

    // One rule per type for every reader; each throws a RuntimeException for a text that is not one.

    static int int32Cell(String text) {
        return Integer.parseInt(stripBlanks(text));
    }

    static long int64Cell(String text) {
        return Long.parseLong(stripBlanks(text));
    }

    static double float64Cell(String text) {
        return parseDouble(stripBlanks(text));
    }

    static int dateCell(String text) {
        return parseEpochDay(stripBlanks(text));
    }

    /** Numbers and dates may be padded with spaces or tabs, as Arrow's, pandas' and numpy's readers allow. */
    static String stripBlanks(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    /**
     * A timestamp cell of a column in {@code zone} (null: zone-less, where a value with an
     * offset is refused), in microseconds since the epoch.
     */
    static long timestampMicros(String text, String zone) {
        if (zone == null && hasOffset(text)) {
            throw new IllegalArgumentException("has a UTC offset but the column has no time zone");
        }
        return parseMicros(text, zone);
    }

    private static boolean hasOffset(String s) {
        if (s.endsWith("Z")) {
            return true;
        }
        int t = Math.max(s.indexOf('T'), s.indexOf(' '));
        return t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0);
    }

    /** NaN, inf and infinity in any case, optionally signed (what Arrow's and numpy's parsers take). */
    private static Double special(String s) {
        if (s.length() < 3 || s.length() > 9) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }
}

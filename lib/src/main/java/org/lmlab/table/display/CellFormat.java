package org.lmlab.table.display;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Micros;

/**
 * Formats one cell for display: integers in full, floats to 6 significant digits (scientific
 * when very large or small, always with a decimal point or exponent so they read as floats),
 * dates ISO, timestamps with a space and only the fraction they have, long strings cut.
 */
final class CellFormat {

    static final int MAX_STRING = 60;
    private static final MathContext SIX_DIGITS = new MathContext(6);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private CellFormat() {
    }

    /** The text of a non-null cell; {@code value} is what {@code Table.get} returns. */
    static String format(ColumnSchema column, Object value) {
        return switch (column.type()) {
            case INT32, INT64, BOOL -> value.toString();
            case FLOAT32 -> floating(((Float) value).doubleValue());
            case FLOAT64 -> floating((Double) value);
            case UTF8 -> string((String) value);
            case DATE -> ((LocalDate) value).toString();
            case TIMESTAMP -> column.timeZone() == null ? dateTime(Micros.of((LocalDateTime) value))
                    : zoned(Micros.of((Instant) value), column.timeZone());
        };
    }

    static String floating(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal rounded = new BigDecimal(x).round(SIX_DIGITS).stripTrailingZeros();
        double magnitude = Math.abs(x);
        if (magnitude >= 1e6 || magnitude < 1e-4) {
            // d.ddddde±XX, as numpy prints.
            int exponent = rounded.precision() - rounded.scale() - 1;
            String digits = rounded.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (x < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        String plain = rounded.toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
            if (count++ == MAX_STRING) {
                return out.append('…').toString();
            }
            int cp = s.codePointAt(i);
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** {@code 2024-01-02 03:04:05}, with {@code .123} or {@code .123456} when the value has a fraction. */
    static String dateTime(long micros) {
        String iso = Micros.toLocalDateTime(micros).toString();
        String withSeconds = iso.length() == 16 ? iso + ":00" : iso;
        return withSeconds.replace('T', ' ');
    }

    static String zoned(long micros, String zone) {
        var local = LocalDateTime.ofInstant(Micros.toInstant(micros), ZoneId.of(zone));
        String offset = OFFSET.format(local.atZone(ZoneId.of(zone)));
        return dateTime(Micros.of(local)) + offset.replace("+00:00", "Z");
    }
}

package org.lmlab.plot.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Short, readable labels for numbers: sweep values on heat-map axes, colour-bar ticks, cell values. */
public final class NumberLabels {

    private NumberLabels() {
    }

    /**
     * At most {@code digits} significant digits, trailing zeros dropped, scientific notation for very
     * small or large magnitudes: 0.001 → "0.001", 3e-5 → "3e-05", 1234567 → "1.23e+06", 32 → "32".
     */
    public static String compact(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        double abs = Math.abs(v);
        if (abs >= 1e-4 && abs < Math.pow(10, Math.max(digits, 6))) {
            BigDecimal d = new BigDecimal(v).round(new MathContext(digits));
            String s = d.stripTrailingZeros().toPlainString();
            return s.equals("-0") ? "0" : s;
        }
        String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + s.substring(e);
    }

    /**
     * Token counts and other sizes that double, in binary units: 1024 → "1k", 1536 → "1.5k",
     * 2^20 → "1M", 512 → "512"; values that are no whole multiple of 512 (2^10.5 = 1448.2) as
     * {@link #compact} with 4 digits ("1448").
     */
    public static String binary(double v) {
        double rounded = Math.rint(v);
        if (Math.abs(v - rounded) > 1e-6 * Math.max(1, Math.abs(v)) || Math.abs(rounded) < 1024) {
            return compact(Math.abs(v - rounded) <= 1e-6 * Math.max(1, Math.abs(v)) ? rounded : v, 4);
        }
        long n = (long) rounded;
        if (Math.abs(n) >= (1L << 20) && n % (1L << 19) == 0) {
            return compact(n / (double) (1L << 20), 4) + "M";
        }
        if (n % 512 == 0) {
            return compact(n / 1024.0, 4) + "k";
        }
        return Long.toString(n);
    }

    /** About {@code target} round tick values within [min, max] (steps of 1, 2 or 5 times a power of ten). */
    public static List<Double> ticks(double min, double max, int target) {
        List<Double> ticks = new ArrayList<>();
        double span = max - min;
        if (!(span > 0)) {
            ticks.add(min);
            return ticks;
        }
        double raw = span / Math.max(1, target);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        double first = Math.ceil(min / step - 1e-9) * step;
        for (int i = 0; ; i++) {
            double t = first + i * step;
            if (t > max + step * 1e-9) {
                break;
            }
            // snap away binary noise such as 0.30000000000000004
            ticks.add(new BigDecimal(t).round(new MathContext(12)).doubleValue());
        }
        return ticks;
    }
}

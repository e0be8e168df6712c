package org.lmlab.magics.extrapolate;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A number of tokens as users write lengths: {@code 8192}, or with k = 1024 ({@code 8k}, {@code 1.5k})
 * or m = 1024 × 1024 ({@code 1m}).
 */
final class TokenCount implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        long unit = s.endsWith("k") ? 1024 : s.endsWith("m") ? 1024 * 1024 : 1;
        double n;
        try {
            n = Double.parseDouble(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number of tokens (e.g. 8192 or 8k)");
        }
        if (n != Math.rint(n) || n < 1 || n > Integer.MAX_VALUE) {
            throw new TypeConversionException("'" + value + "' is not a whole number of tokens >= 1 (e.g. 8192 or 8k)");
        }
        return (int) n;
    }
}

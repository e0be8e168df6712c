package org.lmlab.magics.extrapolate;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A number of tokens as users write lengths: {@code 8192}, or with k = 1024 ({@code 8k}, {@code 1.5k}). */
final class TokenCount implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        boolean kilo = s.endsWith("k");
        double n;
        try {
            n = Double.parseDouble(kilo ? s.substring(0, s.length() - 1) : s) * (kilo ? 1024 : 1);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number of tokens (e.g. 8192 or 8k)");
        }
        if (n != Math.rint(n) || n < 1 || n > Integer.MAX_VALUE) {
            throw new TypeConversionException("'" + value + "' is not a whole number of tokens >= 1 (e.g. 8192 or 8k)");
        }
        return (int) n;
    }
}

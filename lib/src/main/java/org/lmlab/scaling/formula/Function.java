package org.lmlab.scaling.formula;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The functions a formula may call, with their argument counts. */
public enum Function {
    EXP(1), LOG(1), SQRT(1), MIN(2), MAX(2);

    private final int arity;

    Function(int arity) {
        this.arity = arity;
    }

    public int arity() {
        return arity;
    }

    /** The name as written in formulas ({@code exp}, {@code log}, …). */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The function called {@code name}, or null. */
    static Function byText(String name) {
        for (Function f : values()) {
            if (f.text().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** "exp, log, sqrt, min, max". */
    static String known() {
        return Arrays.stream(values()).map(Function::text).collect(Collectors.joining(", "));
    }
}

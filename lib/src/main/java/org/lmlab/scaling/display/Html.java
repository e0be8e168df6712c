package org.lmlab.scaling.display;

import java.util.Locale;
import org.lmlab.display.HtmlEscaper;

/** Escaping and number formatting shared by the scaling renderers. */
final class Html {

    private Html() {
    }

    /** The library's one escaper ({@link HtmlEscaper}), under the name the scaling renderers use. */
    static String escape(String s) {
        return HtmlEscaper.escape(s);
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}

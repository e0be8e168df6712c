package org.lmlab.scaling.display;

import java.util.Locale;

/** Escaping and number formatting shared by the scaling renderers. */
final class Html {

    private Html() {
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}

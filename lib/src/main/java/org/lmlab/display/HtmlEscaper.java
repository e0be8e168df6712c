package org.lmlab.display;

/**
 * The one HTML escaper of lmlab's renderers (tables, scaling fits, progress bars, {@code %lsmagic}).
 * It escapes the five characters that are markup in text and in quoted attribute values alike, so
 * one function serves both places.
 */
public final class HtmlEscaper {

    private HtmlEscaper() {
    }

    /** {@code s} with {@code & < > " '} replaced by entities; every other character as is. */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            String entity = entity(s.charAt(i));
            if (entity != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (entity != null) {
                    out.append(entity);
                } else {
                    out.append(s.charAt(i));
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String entity(char ch) {
        switch (ch) {
            case '&':
                return "&amp;";
            case '<':
                return "&lt;";
            case '>':
                return "&gt;";
            case '"':
                return "&quot;";
            case '\'':
                return "&#39;";
            default:
                return null;
        }
    }
}

package org.lmlab.table.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB SQL cut into tokens, only as far as classifying statements needs: comments are skipped,
 * and string literals, quoted identifiers and dollar quotes are kept whole so a {@code ;} or a
 * keyword inside them is not mistaken for one outside. Each token records its parenthesis depth.
 */
final class SqlTokens {

    enum Kind { WORD, QUOTED, STRING, SYMBOL }

    /** One token; {@code [start, end)} in the source, {@code depth} = open parentheses before it. */
    record Token(Kind kind, String text, int start, int end, int depth) {

        boolean isWord(String upper) {
            return kind == Kind.WORD && text.toUpperCase(Locale.ROOT).equals(upper);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }

        /** An identifier's name: a word as written, a quoted identifier without its quotes. */
        String name() {
            return kind == Kind.QUOTED ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : text;
        }

        /** A string literal's value (no escapes beyond doubled quotes). */
        String stringValue() {
            String body = text.startsWith("E'") || text.startsWith("e'") ? text.substring(1) : text;
            if (body.startsWith("$")) {
                int open = body.indexOf('$', 1) + 1;
                return body.substring(open, body.length() - open);
            }
            return body.substring(1, Math.max(1, body.length() - 1)).replace("''", "'");
        }
    }

    private SqlTokens() {
    }

    static List<Token> of(String sql) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = lineEnd(sql, i);
            } else if (sql.startsWith("/*", i)) {
                i = commentEnd(sql, i);
            } else if (c == '\'') {
                i = quoteEnd(sql, i + 1, '\'', false);
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i, depth));
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i = quoteEnd(sql, i + 2, '\'', true);
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i, depth));
            } else if (c == '"') {
                i = quoteEnd(sql, i + 1, '"', false);
                tokens.add(new Token(Kind.QUOTED, sql.substring(start, i), start, i, depth));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
                tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i, depth));
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i), start, i, depth));
            } else {
                if (c == ')') {
                    depth = Math.max(0, depth - 1);
                }
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start, i + 1, depth));
                if (c == '(') {
                    depth++;
                }
                i++;
            }
        }
        return tokens;
    }

    private static int lineEnd(String sql, int i) {
        int end = sql.indexOf('\n', i);
        return end < 0 ? sql.length() : end + 1;
    }

    /** Block comments nest, as in PostgreSQL's grammar that DuckDB's parser derives from. */
    private static int commentEnd(String sql, int i) {
        int level = 0;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                level++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                level--;
                i += 2;
                if (level == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** End (exclusive) of a quoted run that started before {@code i}; a doubled quote is one quote. */
    private static int quoteEnd(String sql, int i, char quote, boolean backslashEscapes) {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** {@code $tag$} or {@code $$} starting at {@code i}, else null (a {@code $1} parameter). */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}

package org.lmlab.scaling.formula;

import java.util.ArrayList;
import java.util.List;

/** Splits a formula into numbers, names and one-character operators ({@code **} reads as {@code ^}). */
final class Lexer {

    enum Kind { NUMBER, NAME, OP, END }

    /** A token and its 1-based column; {@code op} is the operator character for {@link Kind#OP}. */
    record Token(Kind kind, String text, double number, char op, int column) {

        boolean is(char c) {
            return kind == Kind.OP && op == c;
        }

        /** How messages name the token: {@code '+'}, {@code name 'N'}, {@code number 2.5}, {@code the end of the formula}. */
        String describe() {
            return switch (kind) {
                case NUMBER -> "number " + text;
                case NAME -> "name '" + text + "'";
                case OP -> "'" + op + "'";
                case END -> "the end of the formula";
            };
        }
    }

    private static final String OPERATORS = "+-*/^(),";

    private Lexer() {
    }

    static List<Token> tokens(String formula) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = formula.length();
        while (i < n) {
            char c = formula.charAt(i);
            int column = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(formula.charAt(i + 1))) {
                int end = numberEnd(formula, i);
                String text = formula.substring(i, end);
                tokens.add(new Token(Kind.NUMBER, text, Double.parseDouble(text), ' ', column));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(formula.charAt(end)) || formula.charAt(end) == '_')) {
                    end++;
                }
                tokens.add(new Token(Kind.NAME, formula.substring(i, end), Double.NaN, ' ', column));
                i = end;
            } else if (c == '*' && i + 1 < n && formula.charAt(i + 1) == '*') {
                tokens.add(new Token(Kind.OP, "**", Double.NaN, '^', column));
                i += 2;
            } else if (OPERATORS.indexOf(c) >= 0) {
                tokens.add(new Token(Kind.OP, String.valueOf(c), Double.NaN, c, column));
                i++;
            } else {
                throw new FormulaException(formula, column, "unexpected character '" + c
                        + "'; a formula has numbers, names, + - * / ^, parentheses and exp, log, sqrt, min, max");
            }
        }
        tokens.add(new Token(Kind.END, "", Double.NaN, ' ', n + 1));
        return tokens;
    }

    /** End of the number starting at {@code i}: digits, an optional fraction and an optional exponent. */
    private static int numberEnd(String s, int i) {
        int end = digits(s, i);
        if (end < s.length() && s.charAt(end) == '.') {
            end = digits(s, end + 1);
        }
        if (end < s.length() && (s.charAt(end) == 'e' || s.charAt(end) == 'E')) {
            int exp = end + 1;
            if (exp < s.length() && (s.charAt(exp) == '+' || s.charAt(exp) == '-')) {
                exp++;
            }
            int expEnd = digits(s, exp);
            if (expEnd == exp) {
                throw new FormulaException(s, exp + 1, "expected the digits of the exponent of number "
                        + s.substring(i, end) + "e");
            }
            end = expEnd;
        }
        return end;
    }

    private static int digits(String s, int i) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }
}

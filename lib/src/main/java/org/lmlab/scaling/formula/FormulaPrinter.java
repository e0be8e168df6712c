package org.lmlab.scaling.formula;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a formula back as text with as few parentheses as its structure needs, numbers substituted for names. */
final class FormulaPrinter {

    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    private FormulaPrinter() {
    }

    static String print(Node root, Map<String, Double> values) {
        return print(root, values, SUM);
    }

    /** {@code node} as text, in parentheses when its precedence is below {@code context}. */
    private static String print(Node node, Map<String, Double> values, int context) {
        int own;
        String s;
        if (node instanceof Node.Num num) {
            own = ATOM; // literals are never negative: the parser reads -2 as a negation
            s = literal(num.value());
        } else if (node instanceof Node.Name name) {
            Double v = values.get(name.name());
            own = v == null || v >= 0 ? ATOM : SUM; // a negative number in parentheses except first or alone
            s = v == null ? name.name() : String.format(Locale.ROOT, "%.4g", v);
        } else if (node instanceof Node.Neg neg) {
            own = UNARY;
            s = "-" + print(neg.operand(), values, UNARY);
        } else if (node instanceof Node.Binary bin) {
            char op = bin.op();
            if (op == '+' || op == '-') {
                own = SUM;
                s = print(bin.left(), values, SUM) + " " + op + " " + print(bin.right(), values, PRODUCT);
            } else if (op == '*' || op == '/') {
                own = PRODUCT;
                s = print(bin.left(), values, PRODUCT) + op + print(bin.right(), values, UNARY);
            } else {
                own = POWER;
                s = print(bin.left(), values, ATOM) + "^" + print(bin.right(), values, UNARY);
            }
        } else {
            Node.Call call = (Node.Call) node;
            own = ATOM;
            s = call.function().text() + "(" + call.args().stream().map(a -> print(a, values, SUM))
                    .collect(Collectors.joining(", ")) + ")";
        }
        return own < context ? "(" + s + ")" : s;
    }

    private static String literal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}

package org.lmlab.scaling.formula;

import java.util.List;

/** A node of a parsed formula; {@code column} is the 1-based column of its token in the text. */
public sealed interface Node {

    int column();

    /** A number literal. */
    record Num(double value, int column) implements Node {
    }

    /** An identifier: a variable (mapped to a column) or a parameter (fitted). */
    record Name(String name, int column) implements Node {
    }

    /** Unary minus. */
    record Neg(Node operand, int column) implements Node {
    }

    /** {@code left op right} with {@code op} one of {@code + - * / ^}. */
    record Binary(char op, Node left, Node right, int column) implements Node {
    }

    /** A call of one of the {@link Function}s. */
    record Call(Function function, List<Node> args, int column) implements Node {
        public Call {
            args = List.copyOf(args);
        }
    }
}

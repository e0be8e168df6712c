package org.lmlab.scaling.formula;

import java.util.List;
import java.util.stream.Stream;

/** A node of a parsed formula; {@code column} is the 1-based column of its token in the text. */
public sealed interface Node {

    int column();

    /** The operands, left to right. */
    default List<Node> children() {
        if (this instanceof Neg neg) {
            return List.of(neg.operand());
        }
        if (this instanceof Binary bin) {
            return List.of(bin.left(), bin.right());
        }
        return this instanceof Call call ? call.args() : List.of();
    }

    /** This node and every node below it, parents first and operands left to right (the order of the text). */
    default Stream<Node> descendants() {
        return Stream.concat(Stream.of(this), children().stream().flatMap(Node::descendants));
    }

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

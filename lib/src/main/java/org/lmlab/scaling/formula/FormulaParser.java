package org.lmlab.scaling.formula;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Recursive-descent parser of the formula grammar (lowest precedence first):
 * <pre>
 *   expr    = term { ("+" | "-") term }
 *   term    = unary { ("*" | "/") unary }
 *   unary   = ("-" | "+") unary | power
 *   power   = primary [ "^" unary ]          (right-associative: a^b^c = a^(b^c); -x^2 = -(x^2))
 *   primary = number | name | function "(" expr { "," expr } ")" | "(" expr ")"
 * </pre>
 */
final class FormulaParser {

    private final String text;
    private final List<Lexer.Token> tokens;
    private int next;

    private FormulaParser(String text) {
        this.text = text;
        this.tokens = Lexer.tokens(text);
    }

    static Node parse(String text) {
        FormulaParser parser = new FormulaParser(text);
        Node root = parser.expr();
        Lexer.Token end = parser.peek();
        if (end.kind() != Lexer.Kind.END) {
            throw parser.error(end, end.is(')') ? "')' without a matching '('"
                    : "expected an operator (+ - * / ^) or the end of the formula, found " + end.describe());
        }
        return root;
    }

    private Node expr() {
        return leftAssociative('+', '-', this::term);
    }

    private Node term() {
        return leftAssociative('*', '/', this::unary);
    }

    /** {@code operand { (op1 | op2) operand }}, grouped from the left. */
    private Node leftAssociative(char op1, char op2, Supplier<Node> operand) {
        Node left = operand.get();
        while (peek().is(op1) || peek().is(op2)) {
            Lexer.Token op = take();
            left = new Node.Binary(op.op(), left, operand.get(), op.column());
        }
        return left;
    }

    private Node unary() {
        if (peek().is('-')) {
            Lexer.Token op = take();
            return new Node.Neg(unary(), op.column());
        }
        if (peek().is('+')) {
            take();
            return unary();
        }
        return power();
    }

    private Node power() {
        Node base = primary();
        if (peek().is('^')) {
            Lexer.Token op = take();
            return new Node.Binary('^', base, unary(), op.column());
        }
        return base;
    }

    private Node primary() {
        Lexer.Token t = take();
        switch (t.kind()) {
            case NUMBER:
                return new Node.Num(t.number(), t.column());
            case NAME:
                return peek().is('(') ? call(t) : name(t);
            case OP:
                if (t.is('(')) {
                    Node inner = expr();
                    expectClosing("'(' at " + t.column());
                    return inner;
                }
                break;
            default:
                break;
        }
        throw error(t, "expected a number, a name or '(', found " + t.describe());
    }

    private Node name(Lexer.Token t) {
        Function f = Function.byText(t.text());
        if (f != null) {
            throw error(t, f.text() + " is a function; call it as " + f.text() + "(...)");
        }
        return new Node.Name(t.text(), t.column());
    }

    private Node call(Lexer.Token name) {
        Function f = Function.byText(name.text());
        if (f == null) {
            throw error(name, "unknown function '" + name.text() + "'; one of " + Function.known());
        }
        take(); // '('
        List<Node> args = new ArrayList<>();
        args.add(expr());
        while (peek().is(',')) {
            take();
            args.add(expr());
        }
        expectClosing("the arguments of " + f.text() + " at " + name.column());
        if (args.size() != f.arity()) {
            throw error(name, f.text() + " takes " + f.arity() + " argument" + (f.arity() == 1 ? "" : "s") + ", got "
                    + args.size());
        }
        return new Node.Call(f, args, name.column());
    }

    private void expectClosing(String what) {
        Lexer.Token t = take();
        if (!t.is(')')) {
            throw error(t, "expected ')' to close " + what + ", found " + t.describe());
        }
    }

    private Lexer.Token peek() {
        return tokens.get(next);
    }

    private Lexer.Token take() {
        Lexer.Token t = tokens.get(next);
        if (t.kind() != Lexer.Kind.END) {
            next++;
        }
        return t;
    }

    private FormulaException error(Lexer.Token at, String problem) {
        return new FormulaException(text, at.column(), problem);
    }
}

package org.lmlab.scaling.formula;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed loss formula such as {@code E + A/N^alpha + B/D^beta}: numbers, {@code + - * / ^}
 * ({@code **} too; {@code ^} right-associative, binding tighter than unary minus), parentheses and
 * {@link Function exp, log, sqrt, min, max}. Each name is either a variable (its values come from a
 * table column) or a parameter (fitted); which is decided when it is {@link #compile compiled}.
 */
public final class Formula {

    private final String text;
    private final Node root;
    private final Map<String, Integer> names;

    private Formula(String text, Node root) {
        this.text = text;
        this.root = root;
        Map<String, Integer> found = new LinkedHashMap<>();
        root.descendants().filter(n -> n instanceof Node.Name).map(n -> (Node.Name) n)
                .forEach(n -> found.putIfAbsent(n.name(), n.column()));
        this.names = Collections.unmodifiableMap(found);
    }

    /**
     * Parses {@code text}.
     *
     * @throws FormulaException naming the column and what was expected there
     */
    public static Formula parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FormulaException(text == null ? "" : text, 1, "the formula is empty; write e.g. E + A/N^alpha");
        }
        return new Formula(text, FormulaParser.parse(text));
    }

    public String text() {
        return text;
    }

    public Node root() {
        return root;
    }

    /** Every name in order of first appearance, with the 1-based column where it first appears. */
    public Map<String, Integer> names() {
        return names;
    }

    /** The names that are not {@code variables}, in order of first appearance: the parameters to fit. */
    public List<String> parameters(List<String> variables) {
        return names.keySet().stream().filter(n -> !variables.contains(n)).toList();
    }

    /** A problem at the first appearance of {@code name}. */
    public FormulaException errorAt(String name, String problem) {
        return new FormulaException(text, names.getOrDefault(name, 1), problem);
    }

    /**
     * The formula as a program of the {@link #parameters parameters} (theta in that order) and the
     * given variables (values by position in {@code variables}).
     */
    public Program compile(List<String> variables) {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            slots.put(variables.get(i), i);
        }
        Map<String, Integer> params = new HashMap<>();
        List<String> p = parameters(variables);
        for (int i = 0; i < p.size(); i++) {
            params.put(p.get(i), i);
        }
        return Program.compile(root, slots, params);
    }

    /** The formula with the names in {@code values} replaced by numbers (others kept), e.g. {@code 1.817 + 477.8/N^0.3473}. */
    public String print(Map<String, Double> values) {
        return FormulaPrinter.print(root, values);
    }

    @Override
    public String toString() {
        return text;
    }
}

package org.lmlab.scaling.formula;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lmlab.scaling.ScalingData;
import org.lmlab.table.Table;

/**
 * What a user asks to fit: a formula, explicit variable-to-column mappings, the target column and
 * start values. {@link #bind} decides which names are variables and reads the runs.
 *
 * <p>A name is a variable when it is mapped ({@code N=params}), when it is the name of a table column
 * (other than the target), or by convention {@code N} and {@code D} for the {@code paramsColumn} and
 * {@code tokensColumn} when the table has them; every other name is a parameter.
 *
 * @param text         the formula
 * @param variables    explicit mappings, variable name to column
 * @param target       the column of observed losses
 * @param starts       start values per parameter (others get {@link FormulaLaw#defaultStarts})
 * @param paramsColumn the column {@code N} stands for unless mapped
 * @param tokensColumn the column {@code D} stands for unless mapped
 * @param bounds       per parameter {@code {lower, upper}} (infinite for none); parameters not named are free
 */
public record FormulaSpec(String text, Map<String, String> variables, String target, Map<String, double[]> starts,
                          String paramsColumn, String tokensColumn, Map<String, double[]> bounds) {

    /** The law and the runs it is fitted to. */
    public record Bound(FormulaLaw law, ScalingData data) {
    }

    public FormulaSpec {
        variables = Map.copyOf(variables);
        starts = Map.copyOf(starts);
        bounds = Map.copyOf(bounds);
    }

    /** No bounds. */
    public FormulaSpec(String text, Map<String, String> variables, String target, Map<String, double[]> starts,
                       String paramsColumn, String tokensColumn) {
        this(text, variables, target, starts, paramsColumn, tokensColumn, Map.of());
    }

    /** {@code text} with no mappings, starts or bounds, target {@code loss}, N = {@code params}, D = {@code tokens}. */
    public static FormulaSpec of(String text) {
        return new FormulaSpec(text, Map.of(), "loss", Map.of(), "params", "tokens");
    }

    public FormulaSpec withVariables(Map<String, String> v) {
        return new FormulaSpec(text, v, target, starts, paramsColumn, tokensColumn, bounds);
    }

    public FormulaSpec withTarget(String t) {
        return new FormulaSpec(text, variables, t, starts, paramsColumn, tokensColumn, bounds);
    }

    public FormulaSpec withStarts(Map<String, double[]> s) {
        return new FormulaSpec(text, variables, target, s, paramsColumn, tokensColumn, bounds);
    }

    /** Bounds per parameter, {@code {lower, upper}}, e.g. {@code Map.of("alpha", new double[] {0, 1})}. */
    public FormulaSpec withBounds(Map<String, double[]> b) {
        return new FormulaSpec(text, variables, target, starts, paramsColumn, tokensColumn, b);
    }

    /**
     * Parses the formula, maps its variables to columns of {@code table} (called {@code tableName} in
     * messages), reads the runs (variable values and the target, each finite and &gt; 0) and checks
     * that they determine every parameter ({@link Identifiability}).
     *
     * @throws FormulaException         for a syntax error or a mapping problem tied to a name in the formula
     * @throws IllegalArgumentException for other mapping problems and bad values (row and column named)
     */
    public Bound bind(Table table, String tableName) {
        FormulaLaw law = law(table.columnNames(), tableName);
        List<String> cols = law.columns();
        ScalingData data = ScalingData.fromTable(table, new ScalingData.Columns(cols.get(0),
                cols.get(cols.size() - 1), target, null));
        Identifiability.check(law, data);
        return new Bound(law, data);
    }

    /**
     * The law for a table with {@code columns} (called {@code tableName} in messages), without reading
     * any values: parses the formula and maps its variables.
     *
     * @throws FormulaException         for a syntax error or a mapping problem tied to a name in the formula
     * @throws IllegalArgumentException for a missing target column, a mapping or start of a name not in the formula
     */
    public FormulaLaw law(List<String> columns, String tableName) {
        Formula formula = Formula.parse(text);
        if (!columns.contains(target)) {
            throw new IllegalArgumentException("table '" + tableName + "' has no target column '" + target + "'; columns: "
                    + String.join(", ", columns));
        }
        Map<String, String> mapping = resolve(formula, columns, tableName);
        return new FormulaLaw(formula, new ArrayList<>(mapping.keySet()), new ArrayList<>(mapping.values()), starts,
                bounds);
    }

    /** Variables (in order of first appearance) and their columns. */
    private Map<String, String> resolve(Formula formula, List<String> columns, String tableName) {
        Map<String, Integer> names = formula.names();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            if (!names.containsKey(e.getKey())) {
                throw new IllegalArgumentException("variable " + e.getKey() + "=" + e.getValue()
                        + ": the formula has no name '" + e.getKey() + "'; its names are " + String.join(", ", names.keySet()));
            }
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String name : names.keySet()) {
            String column = variables.get(name);
            if (column != null && !columns.contains(column)) {
                throw formula.errorAt(name, "variable " + name + " is mapped to column '" + column + "', which table '"
                        + tableName + "' does not have; columns: " + String.join(", ", columns));
            }
            if (column == null) {
                column = columns.contains(name) ? name
                        : name.equals("N") && columns.contains(paramsColumn) ? paramsColumn
                        : name.equals("D") && columns.contains(tokensColumn) ? tokensColumn : null;
            }
            if (column != null && column.equals(target)) {
                throw formula.errorAt(name, name + " stands for the target column '" + target + "', which the formula "
                        + "predicts; it cannot also be a variable");
            }
            if (column != null) {
                mapping.put(name, column);
            }
        }
        if (mapping.isEmpty()) {
            throw new FormulaException(formula.text(), 1, "the formula has no variable: none of its names ("
                    + String.join(", ", names.keySet()) + ") is a column of table '" + tableName + "' ("
                    + String.join(", ", columns) + "); map one with a variable mapping such as N=" + columns.get(0));
        }
        if (mapping.size() > 2) {
            String third = new ArrayList<>(mapping.keySet()).get(2);
            throw formula.errorAt(third, "a formula can use at most two variables; it uses " + mapping.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
        }
        return mapping;
    }
}

package org.lmlab.scaling.densing;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * Capacity density of a table of models (Xiao et al. 2024): effective parameters from each model's
 * loss through a {@link ReferenceLaw}, or from its score through a {@link ScoreCurve} and then the
 * law; density = effective / actual parameters.
 */
public final class Densing {

    /**
     * Column names.
     *
     * @param model    model name (any type; printed)
     * @param released release date (a date column or ISO text, yyyy-mm-dd)
     * @param params   actual parameters
     * @param measure  the loss (no score curve) or the downstream score (with one)
     */
    public record Columns(String model, String released, String params, String measure) {
    }

    private Densing() {
    }

    /**
     * Densities of every row of {@code table}.
     *
     * @param curve null to read {@code measure} as a loss; else it is a score mapped to a loss by the curve
     * @throws IllegalArgumentException naming a missing column, or the row and column of a bad value,
     *                                  or a model whose loss/score no reference size reaches
     */
    public static List<ModelDensity> densities(Table table, Columns columns, ReferenceLaw reference, ScoreCurve curve) {
        TableColumns.requireAll(table, columns.model(), columns.released(), columns.params(), columns.measure());
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("the table of models is empty");
        }
        List<ModelDensity> out = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            String name = String.valueOf(table.get(columns.model(), row));
            LocalDate date = date(table, columns.released(), row);
            double params = positive(table, columns.params(), row);
            Object v = table.get(columns.measure(), row);
            if (!(v instanceof Number m) || !Double.isFinite(m.doubleValue())) {
                throw new IllegalArgumentException("row " + row + " (" + name + "): column '" + columns.measure()
                        + "' must be a finite number, got " + v);
            }
            try {
                double effective = curve == null ? reference.effectiveParams(m.doubleValue())
                        : reference.effectiveParams(m.doubleValue(), curve);
                out.add(new ModelDensity(name, date, params, effective));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + row + " (" + name + "): " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A table of models: model, released, params, effective_params, density, on_frontier. */
    public static Table toTable(List<ModelDensity> models, BufferAllocator allocator) {
        List<ModelDensity> frontier = DensityTrend.frontier(models);
        int n = models.size();
        String[] names = new String[n];
        LocalDate[] dates = new LocalDate[n];
        Double[] params = new Double[n];
        Double[] eff = new Double[n];
        Double[] rho = new Double[n];
        Boolean[] front = new Boolean[n];
        for (int i = 0; i < n; i++) {
            ModelDensity m = models.get(i);
            names[i] = m.name();
            dates[i] = m.released();
            params[i] = m.params();
            eff[i] = m.effective();
            rho[i] = m.density();
            front[i] = frontier.stream().anyMatch(f -> f == m);
        }
        return Table.builder(allocator, "capacity density").utf8("model", names).date("released", dates)
                .float64("params", params).float64("effective_params", eff).float64("density", rho)
                .bool("on_frontier", front).build();
    }

    private static LocalDate date(Table table, String column, int row) {
        Object v = table.get(column, row);
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof CharSequence s) {
            try {
                return LocalDate.parse(s.toString().strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("row " + row + ": column '" + column + "' is not a yyyy-mm-dd date: '"
                        + s + "'", e);
            }
        }
        throw new IllegalArgumentException("row " + row + ": column '" + column + "' must be a date (or yyyy-mm-dd text), got "
                + v);
    }

    private static double positive(Table table, String column, int row) {
        Object v = table.get(column, row);
        if (!(v instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("row " + row + ": column '" + column + "' must be a finite number > 0, got "
                    + v);
        }
        return n.doubleValue();
    }
}

package org.lmlab.model.extrapolation.sweep.plot;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lmlab.plot.Chart;
import org.lmlab.table.Table;

/**
 * What every chart of a sweep's results takes: the table, which methods to draw, the model's trained
 * context and a title. Builders are single-use; {@link #build()} reads the table and checks it.
 *
 * @param <B> the concrete builder, so chained calls keep its type
 */
public abstract class SweepChart<B extends SweepChart<B>> {

    final Table table;
    List<String> methods;
    int trainedContext;
    String title;

    SweepChart(Table table) {
        this.table = table;
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** The methods to draw, in this order (default: all of them, in the order the table lists them). */
    public B methods(List<String> methods) {
        this.methods = methods == null ? null : List.copyOf(methods);
        return self();
    }

    /** The model's trained context in tokens, marked on the length or position axis (0: no mark). */
    public B trainedContext(int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("the trained context must be a number of tokens >= 1 (0: none), not "
                    + tokens);
        }
        this.trainedContext = tokens;
        return self();
    }

    /** The chart's title (default: says what is drawn and for which model). */
    public B title(String title) {
        this.title = title;
        return self();
    }

    /**
     * The chart.
     *
     * @throws IllegalArgumentException for a table without the columns this chart reads (naming them
     *         and the sweep task that writes them), without rows, or without what was asked for
     */
    public abstract Chart build();

    /** The models a results table's rows are of (its model column; empty when it has none). */
    public static Set<String> models(Table results) {
        Set<String> models = new TreeSet<>();
        if (results.columnNames().contains("model")) {
            for (int r = 0; r < results.rowCount(); r++) {
                Object model = results.get("model", r);
                if (model != null) {
                    models.add(model.toString());
                }
            }
        }
        return models;
    }

    /** The given title, else {@code what} followed by the model when there is one. */
    final String title(String what, String model) {
        if (title != null) {
            return title;
        }
        return model == null ? what : what + ": " + model;
    }

    /** The label of the trained-context mark. */
    final String trainedLabel() {
        return "trained context " + trainedContext;
    }
}

package org.lmlab.scaling.steplaw;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * One training run of a hyper-parameter grid: model size N, training tokens D, peak learning rate,
 * batch size (in tokens, as the Step Law is stated) and final loss.
 */
public record HparamRun(double params, double tokens, double lr, double batch, double loss) {

    public HparamRun {
        check("params", params);
        check("tokens", tokens);
        check("lr", lr);
        check("batch", batch);
        check("loss", loss);
    }

    private static void check(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }

    /** Column names of a table of runs. */
    public record Columns(String params, String tokens, String lr, String batch, String loss) {
        public static final Columns DEFAULT = new Columns("params", "tokens", "lr", "batch", "loss");

        List<String> all() {
            return List.of(params, tokens, lr, batch, loss);
        }
    }

    /**
     * Reads runs from a table's numeric columns; {@code batchScale} multiplies the batch column (e.g.
     * the sequence length when batches are counted in sequences).
     *
     * @throws IllegalArgumentException naming a missing column, or the row and column of a bad value
     */
    public static List<HparamRun> fromTable(Table table, Columns columns, double batchScale) {
        if (!(batchScale > 0) || Double.isInfinite(batchScale)) {
            throw new IllegalArgumentException("batch scale must be finite and > 0, got " + batchScale);
        }
        TableColumns.requireAll(table, null, columns.all());
        List<HparamRun> runs = new ArrayList<>(table.rowCount());
        for (int row = 0; row < table.rowCount(); row++) {
            try {
                runs.add(new HparamRun(table.number(columns.params(), row), table.number(columns.tokens(), row),
                        table.number(columns.lr(), row), batchScale * table.number(columns.batch(), row),
                        table.number(columns.loss(), row)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + row + ": " + e.getMessage() + " (columns " + columns.all()
                        + ")", e);
            }
        }
        return runs;
    }

}

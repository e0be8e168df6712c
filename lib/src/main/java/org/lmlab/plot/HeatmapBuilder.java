package org.lmlab.plot;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lmlab.plot.internal.HeatmapSpec;
import org.lmlab.plot.internal.NumberLabels;
import org.lmlab.table.RowGroups;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * A heat map of values on a grid, for hyper-parameter sweeps: one axis per swept parameter, one
 * colour per run, with a colour bar. {@code z[row][column]} holds the value at
 * {@code (x[column], y[row])}; row 0 is drawn at the bottom. NaN cells stay empty.
 */
public final class HeatmapBuilder extends ChartBuilder<HeatmapBuilder> {

    private List<String> xLabels;
    private List<String> yLabels;
    private double[][] z;
    private Double min;
    private Double max;
    private boolean showValues;
    private String[][] cellLabels;
    private String colorLabel;
    private String defaultX;
    private String defaultY;

    HeatmapBuilder() {
    }

    /** The grid, with category labels for the columns (x) and rows (y). */
    public HeatmapBuilder grid(String[] x, String[] y, double[][] z) {
        if (x == null || y == null || z == null) {
            throw new IllegalArgumentException("heat map grid: x labels, y labels and z must all be given");
        }
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("heat map grid is empty: " + x.length + " x labels, " + y.length + " y labels");
        }
        checkLabels(x, "x");
        checkLabels(y, "y");
        if (z.length != y.length) {
            throw new IllegalArgumentException("heat map grid: z has " + z.length + " rows but there are " + y.length
                    + " y labels; z[row][column] needs one row per y label");
        }
        double[][] copy = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            if (z[r] == null || z[r].length != x.length) {
                throw new IllegalArgumentException("heat map grid: row " + r + " (y = " + y[r] + ") has "
                        + (z[r] == null ? "no" : String.valueOf(z[r].length)) + " values but there are " + x.length
                        + " x labels");
            }
            for (int c = 0; c < x.length; c++) {
                if (Double.isInfinite(z[r][c])) {
                    throw new IllegalArgumentException("heat map grid: z[" + r + "][" + c + "] (x = " + x[c] + ", y = "
                            + y[r] + ") is " + z[r][c] + "; use finite values, or NaN for an empty cell");
                }
            }
            copy[r] = z[r].clone();
        }
        this.xLabels = List.of(x);
        this.yLabels = List.of(y);
        this.z = copy;
        return this;
    }

    /** The grid, with numeric sweep values on both axes (labelled compactly: 0.0003 → "3e-04"). */
    public HeatmapBuilder grid(double[] x, double[] y, double[][] z) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("heat map grid: x and y values must be given");
        }
        return grid(labels(x, "x"), labels(y, "y"), z);
    }

    /** Fixes the colour range; values outside it get the end colours. */
    public HeatmapBuilder range(double min, double max) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && max > min)) {
            throw new IllegalArgumentException("colour range needs finite min < max; got [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
        return this;
    }

    /** Writes each cell's value inside it, in black or white, whichever reads better. */
    public HeatmapBuilder showValues() {
        this.showValues = true;
        return this;
    }

    /**
     * Writes {@code labels[row][column]} inside each cell instead of its value ("2/3" for two of
     * three trials); same shape as the grid, null for no text.
     */
    public HeatmapBuilder cellLabels(String[][] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("cell labels must be given (null entries leave a cell blank)");
        }
        String[][] copy = new String[labels.length][];
        for (int r = 0; r < labels.length; r++) {
            copy[r] = labels[r] == null ? null : labels[r].clone();
        }
        this.cellLabels = copy;
        this.showValues = true;
        return this;
    }

    /** The title over the colour bar (default: the z column's name). */
    public HeatmapBuilder colorLabel(String label) {
        this.colorLabel = label;
        return this;
    }

    /**
     * The grid from a long table with one row per cell: the distinct values of {@code x} and
     * {@code y} (numbers ascending, other values in order of first appearance) form the axes, and
     * {@code z} gives each cell's value. Two rows for the same cell are an error: aggregate first.
     */
    public HeatmapBuilder table(Table table, String x, String y, String z) {
        String xc = TableColumns.requireFor(table, x, "x");
        String yc = TableColumns.requireFor(table, y, "y");
        double[] zs = TableColumns.numbersOrNaN(table, z, "z");
        List<RowGroups.Group> xs = RowGroups.sorted(table, xc);
        List<RowGroups.Group> ys = RowGroups.sorted(table, yc);
        int[] columnOf = new int[table.rowCount()];
        int[] rowOf = new int[table.rowCount()];
        for (int i = 0; i < xs.size(); i++) {
            for (int r : xs.get(i).rows()) {
                columnOf[r] = i;
            }
        }
        for (int i = 0; i < ys.size(); i++) {
            for (int r : ys.get(i).rows()) {
                rowOf[r] = i;
            }
        }
        double[][] grid = new double[ys.size()][xs.size()];
        for (double[] row : grid) {
            Arrays.fill(row, Double.NaN);
        }
        boolean[][] seen = new boolean[ys.size()][xs.size()];
        for (int r = 0; r < table.rowCount(); r++) {
            int c = columnOf[r];
            int w = rowOf[r];
            if (seen[w][c]) {
                throw new IllegalArgumentException("heat map: more than one row for " + xc + " = "
                        + xs.get(c).label() + ", " + yc + " = " + ys.get(w).label()
                        + "; aggregate the table first (e.g. mean of '" + z + "' by " + xc + " and " + yc + ")");
            }
            seen[w][c] = true;
            grid[w][c] = zs[r];
        }
        grid(names(xs, table, xc), names(ys, table, yc), grid);
        defaultX = xc;
        defaultY = yc;
        if (colorLabel == null) {
            colorLabel = TableColumns.requireFor(table, z, "z");
        }
        return this;
    }

    @Override
    public Chart build() {
        if (z == null) {
            throw new IllegalArgumentException("a heat map needs a grid; set one with grid(x, y, z) or table(t, x, y, z)");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int cells = 0;
        for (double[] row : z) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    cells++;
                }
            }
        }
        if (cells == 0) {
            throw new IllegalArgumentException("heat map grid has no values: all " + z.length * xLabels.size()
                    + " cells are NaN");
        }
        if (min != null) {
            lo = min;
            hi = max;
        } else if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        checkCellLabels();
        String name = colorLabel == null || colorLabel.isBlank() ? "value" : colorLabel;
        HeatmapSpec spec = new HeatmapSpec(frame(defaultX, defaultY), name, xLabels, yLabels, z, lo, hi, showValues,
                colorLabel, cellLabels);
        int total = z.length * xLabels.size();
        String extras = xLabels.size() + "×" + yLabels.size() + " grid"
                + (cells < total ? ", " + (total - cells) + " empty" : "");
        return new Chart(ChartKind.HEATMAP, spec, List.of(new SeriesInfo(name, cells, extras)), false, false);
    }

    private void checkCellLabels() {
        if (cellLabels == null) {
            return;
        }
        if (cellLabels.length != z.length) {
            throw new IllegalArgumentException("heat map cell labels have " + cellLabels.length + " rows but the grid has "
                    + z.length);
        }
        for (int r = 0; r < z.length; r++) {
            if (cellLabels[r] == null || cellLabels[r].length != z[r].length) {
                throw new IllegalArgumentException("heat map cell labels: row " + r + " has "
                        + (cellLabels[r] == null ? "no" : String.valueOf(cellLabels[r].length)) + " labels but the grid has "
                        + z[r].length + " columns");
            }
        }
    }

    private static String[] names(List<RowGroups.Group> groups, Table table, String column) {
        String[] names = new String[groups.size()];
        boolean numeric = TableColumns.isNumeric(table.type(column));
        double[] values = new double[groups.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = groups.get(i).label();
            if (numeric && !RowGroups.MISSING.equals(names[i])) {
                values[i] = table.number(column, groups.get(i).rows().get(0));
            }
        }
        if (numeric && !Arrays.asList(names).contains(RowGroups.MISSING)) {
            return labels(values, column);
        }
        return names;
    }

    /** Compact labels, with more digits where the short ones would collide. */
    static String[] labels(double[] values, String axis) {
        for (int digits = 3; digits <= 17; digits++) {
            String[] out = new String[values.length];
            Set<String> seen = new HashSet<>();
            boolean unique = true;
            for (int i = 0; i < values.length; i++) {
                out[i] = NumberLabels.compact(values[i], digits);
                unique &= seen.add(out[i]);
            }
            if (unique) {
                return out;
            }
        }
        throw new IllegalArgumentException("heat map " + axis + " values repeat: " + Arrays.toString(values)
                + "; each row and column needs a distinct value");
    }

    private static void checkLabels(String[] labels, String axis) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null || labels[i].isBlank()) {
                throw new IllegalArgumentException("heat map " + axis + " label [" + i + "] is empty");
            }
            Integer before = seen.put(labels[i], i);
            if (before != null) {
                throw new IllegalArgumentException("heat map " + axis + " label '" + labels[i] + "' appears twice (at "
                        + before + " and " + i + "); labels must be distinct");
            }
        }
    }
}

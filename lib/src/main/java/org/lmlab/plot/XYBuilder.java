package org.lmlab.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.lmlab.plot.internal.ReferenceLine;
import org.lmlab.plot.internal.XYLayer;
import org.lmlab.plot.internal.XYSpec;
import org.lmlab.table.RowGroups;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * Line and scatter charts: one or more named series of (x, y) points, optional symmetric error
 * bars and shaded bands (for example a confidence interval), linear or logarithmic axes.
 *
 * <pre>{@code
 * Chart c = Plot.line().title("Loss").x("step").y("loss").logY()
 *         .series("run-a", steps, lossA).band("run-a", lowA, highA)
 *         .series("run-b", steps, lossB)
 *         .build();
 * }</pre>
 *
 * <p>In a line, a NaN y (or x) leaves a gap. Scatter charts skip NaN points.
 */
public final class XYBuilder extends ChartBuilder<XYBuilder> {

    private final ChartKind kind;
    private final Map<String, Pending> series = new LinkedHashMap<>();
    private boolean logX;
    private boolean log2X;
    private boolean logY;
    private Double yMax;
    private final List<ReferenceLine> verticalLines = new ArrayList<>();
    private Boolean markers;
    private String defaultX;
    private String defaultY;

    private static final class Pending {
        final String name;
        final double[] x;
        final double[] y;
        double[] errors;
        double[] lower;
        double[] upper;

        Pending(String name, double[] x, double[] y) {
            this.name = name;
            this.x = x;
            this.y = y;
        }
    }

    XYBuilder(ChartKind kind) {
        this.kind = kind;
    }

    /** Adds a series; {@code x} and {@code y} must have the same length. */
    public XYBuilder series(String name, double[] x, double[] y) {
        requireName(name, "series");
        if (series.containsKey(name)) {
            throw new IllegalArgumentException("series '" + name + "' was already added; series names must be unique");
        }
        requireArray(x, name, "x");
        requireArray(y, name, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values but y has "
                    + y.length + "; they must have the same length");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
        int points = 0;
        for (int i = 0; i < x.length; i++) {
            checkNotInfinite(name, "x", i, x[i]);
            checkNotInfinite(name, "y", i, y[i]);
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                points++;
            }
        }
        if (points == 0) {
            throw new IllegalArgumentException("series '" + name + "' has no point where both x and y are numbers (all "
                    + x.length + " are NaN)");
        }
        series.put(name, new Pending(name, x.clone(), y.clone()));
        return this;
    }

    /** Adds a series whose x values are 0, 1, 2, ... */
    public XYBuilder series(String name, double[] y) {
        requireArray(y, name, "y");
        return series(name, IntStream.range(0, y.length).asDoubleStream().toArray(), y);
    }

    /** Symmetric error bars ({@code y ± errors[i]}) on the series {@code name}, added before. */
    public XYBuilder errorBars(String name, double[] errors) {
        Pending p = existing(name, "error bars");
        requireArray(errors, name, "error bars");
        sameLength(p, errors, "error bars");
        double[] copy = new double[errors.length];
        for (int i = 0; i < errors.length; i++) {
            double e = errors[i];
            if (Double.isInfinite(e) || e < 0) {
                throw new IllegalArgumentException("series '" + name + "': error bar [" + i + "] is " + e
                        + "; error bars must be finite and non-negative");
            }
            copy[i] = Double.isNaN(e) ? 0 : e;
        }
        p.errors = copy;
        return this;
    }

    /**
     * A shaded band from {@code lower} to {@code upper} behind the series {@code name}, added
     * before, in the series colour; for confidence intervals or min–max ranges. Points where the
     * x, lower or upper value is NaN are left out of the band.
     */
    public XYBuilder band(String name, double[] lower, double[] upper) {
        Pending p = existing(name, "band");
        requireArray(lower, name, "band lower");
        requireArray(upper, name, "band upper");
        sameLength(p, lower, "band lower");
        sameLength(p, upper, "band upper");
        for (int i = 0; i < lower.length; i++) {
            checkNotInfinite(name, "band lower", i, lower[i]);
            checkNotInfinite(name, "band upper", i, upper[i]);
            if (lower[i] > upper[i]) {
                throw new IllegalArgumentException("series '" + name + "': band lower [" + i + "] = " + lower[i]
                        + " is above upper [" + i + "] = " + upper[i]);
            }
        }
        p.lower = lower.clone();
        p.upper = upper.clone();
        return this;
    }

    /** Logarithmic x axis; every x must then be positive. */
    public XYBuilder logX() {
        logX = true;
        return this;
    }

    /**
     * Logarithmic x axis in base 2: a tick at every power of two, labelled in binary units (1k = 1024,
     * 1M = 2^20), for input lengths and other sizes that double. Every x must be positive.
     */
    public XYBuilder log2X() {
        logX = true;
        log2X = true;
        return this;
    }

    /**
     * The top of the y axis: lines above it leave the plot at its top edge (as papers draw a method
     * whose perplexity explodes), so the others keep the room. At least one y must lie below it.
     */
    public XYBuilder yMax(double max) {
        if (!Double.isFinite(max)) {
            throw new IllegalArgumentException("the y maximum must be a finite number; got " + max);
        }
        this.yMax = max;
        return this;
    }

    /**
     * A dashed vertical line across the plot at {@code x}, with {@code label} at its top (a trained
     * context, a warm-up end); the x axis widens to include it.
     */
    public XYBuilder verticalLine(double x, String label) {
        verticalLines.add(new ReferenceLine(x, label == null ? "" : label));
        return this;
    }

    /** Logarithmic y axis; every y (and band, and y minus error bar) must then be positive. */
    public XYBuilder logY() {
        logY = true;
        return this;
    }

    /** Both axes logarithmic (power laws are straight lines). */
    public XYBuilder logLog() {
        return logX().logY();
    }

    /** Draws a marker at every point of a line (scatter charts always have markers). */
    public XYBuilder markers(boolean on) {
        markers = on;
        return this;
    }

    /**
     * One series from two numeric columns, named after {@code y}. For line charts the rows are
     * sorted by x (tables carry no plotting order); missing values become gaps.
     */
    public XYBuilder table(Table table, String x, String y) {
        List<Integer> rows = IntStream.range(0, table.rowCount()).boxed().toList();
        return table(table, x, y, List.of(new RowGroups.Group(List.of(TableColumns.requireFor(table, y, "y")), rows)));
    }

    /**
     * One series per distinct value of the column {@code by} (numeric values ascending, others in
     * order of first appearance, missing values last as "(missing)"), each named by that value.
     * Groups without a row where both x and y are numbers are left out.
     */
    public XYBuilder table(Table table, String x, String y, String by) {
        return table(table, x, y, RowGroups.sorted(table, by));
    }

    private XYBuilder table(Table table, String x, String y, List<RowGroups.Group> groups) {
        double[] xs = TableColumns.numbersOrNaN(table, x, "x");
        double[] ys = TableColumns.numbersOrNaN(table, y, "y");
        int added = 0;
        for (RowGroups.Group group : groups) {
            int[] rows = group.rowArray();
            if (Arrays.stream(rows).anyMatch(r -> !Double.isNaN(xs[r]) && !Double.isNaN(ys[r]))) {
                addGroup(group.label(), xs, ys, rows);
                added++;
            }
        }
        if (added == 0) {
            throw new IllegalArgumentException(TableColumns.describe(table) + " has no row where both '" + x + "' and '"
                    + y + "' are numbers");
        }
        defaultLabels(table, x, y);
        return this;
    }

    private void defaultLabels(Table table, String x, String y) {
        defaultX = TableColumns.requireFor(table, x, "x");
        defaultY = TableColumns.requireFor(table, y, "y");
    }

    private void addGroup(String name, double[] xs, double[] ys, int[] rows) {
        int[] order = rows.clone();
        if (kind == ChartKind.LINE) {
            order = Arrays.stream(order).boxed()
                    .sorted(Comparator.comparingDouble(r -> Double.isNaN(xs[r]) ? Double.POSITIVE_INFINITY : xs[r]))
                    .mapToInt(Integer::intValue).toArray();
        }
        series(name, TableColumns.select(xs, order), TableColumns.select(ys, order));
    }

    @Override
    public Chart build() {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.label() + " chart needs at least one series; add one with series(name, x, y)");
        }
        if (logX || logY) {
            series.values().forEach(this::checkLog);
        }
        checkYMax();
        for (ReferenceLine line : verticalLines) {
            if (logX && line.x() <= 0) {
                throw new IllegalArgumentException("vertical line '" + line.label() + "' at x = " + line.x()
                        + " is not positive, so it cannot be shown on a log x axis");
            }
        }
        Theme theme = this.theme;
        List<XYLayer> bands = new ArrayList<>();
        List<XYLayer> lines = new ArrayList<>();
        List<SeriesInfo> infos = new ArrayList<>();
        int index = 0;
        for (Pending p : series.values()) {
            var color = theme.color(index++);
            if (p.lower != null) {
                bands.add(bandLayer(p, color));
            }
            lines.add(lineLayer(p, color));
            List<String> extras = new ArrayList<>();
            if (p.lower != null) {
                extras.add("band");
            }
            if (p.errors != null) {
                extras.add("error bars");
            }
            infos.add(new SeriesInfo(p.name, p.x.length, String.join(", ", extras)));
        }
        List<XYLayer> layers = new ArrayList<>(bands);
        layers.addAll(lines);
        XYSpec spec = new XYSpec(frame(defaultX, defaultY), layers, logX, logY, null, true, log2X, yMax, verticalLines);
        return new Chart(kind, spec, infos, logX, logY);
    }

    private XYLayer lineLayer(Pending p, Color color) {
        double[] x = p.x;
        double[] y = p.y.clone();
        double[] errors = p.errors;
        XYLayer.Style style;
        if (kind == ChartKind.SCATTER) {
            style = XYLayer.Style.SCATTER;
            int[] keep = IntStream.range(0, x.length).filter(i -> !Double.isNaN(x[i]) && !Double.isNaN(p.y[i])).toArray();
            double[] kx = TableColumns.select(x, keep);
            double[] ky = TableColumns.select(p.y, keep);
            double[] ke = errors == null ? null : TableColumns.select(errors, keep);
            return new XYLayer(p.name, kx, ky, ke, style, color, true);
        }
        style = Boolean.TRUE.equals(markers) ? XYLayer.Style.LINE_MARKERS : XYLayer.Style.LINE;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                y[i] = Double.NaN; // XChart breaks lines only on NaN y
            }
        }
        double[] xs = x.clone();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isNaN(xs[i])) {
                xs[i] = i > 0 ? xs[i - 1] : firstNumber(x); // keeps axis ranges finite; the point is a gap
            }
        }
        return new XYLayer(p.name, xs, y, errors == null ? null : errors.clone(), style, color, true);
    }

    private static double firstNumber(double[] values) {
        for (double v : values) {
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return 0;
    }

    private XYLayer bandLayer(Pending p, Color color) {
        int[] keep = IntStream.range(0, p.x.length)
                .filter(i -> !Double.isNaN(p.x[i]) && !Double.isNaN(p.lower[i]) && !Double.isNaN(p.upper[i]))
                .toArray();
        int n = keep.length;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int j = 0; j < n; j++) {
            x[j] = p.x[keep[j]];
            y[j] = p.upper[keep[j]];
            x[2 * n - 1 - j] = p.x[keep[j]];
            y[2 * n - 1 - j] = p.lower[keep[j]];
        }
        if (n == 0) {
            x = new double[] {p.x[0]};
            y = new double[] {Double.NaN};
        }
        return new XYLayer("\u0000band:" + p.name, x, y, null, XYLayer.Style.BAND, color, false);
    }

    private void checkLog(Pending p) {
        for (int i = 0; i < p.x.length; i++) {
            if (logX && p.x[i] <= 0) {
                throw notPositive(p.name, "x", i, p.x[i], "x");
            }
            if (logY) {
                if (p.y[i] <= 0) {
                    throw notPositive(p.name, "y", i, p.y[i], "y");
                }
                if (p.errors != null && !Double.isNaN(p.y[i]) && p.y[i] - p.errors[i] <= 0) {
                    throw notPositive(p.name, "y - error bar", i, p.y[i] - p.errors[i], "y");
                }
                if (p.lower != null && p.lower[i] <= 0) {
                    throw notPositive(p.name, "band lower", i, p.lower[i], "y");
                }
            }
        }
    }

    private void checkYMax() {
        if (yMax == null) {
            return;
        }
        if (logY && yMax <= 0) {
            throw new IllegalArgumentException("the y maximum " + yMax + " is not positive, so it cannot top a log y axis");
        }
        boolean below = series.values().stream().flatMapToDouble(p -> Arrays.stream(p.y)).anyMatch(y -> y < yMax);
        if (!below) {
            throw new IllegalArgumentException("every y value is at or above the y maximum " + yMax
                    + ", so nothing would show; raise it");
        }
    }

    private static IllegalArgumentException notPositive(String series, String what, int i, double v, String axis) {
        return new IllegalArgumentException("series '" + series + "': " + what + " [" + i + "] = " + v
                + " is not positive, so it cannot be shown on a log " + axis + " axis; drop or shift such values,"
                + " or use a linear " + axis + " axis");
    }

    private Pending existing(String name, String what) {
        Pending p = series.get(name);
        if (p == null) {
            throw new IllegalArgumentException("cannot add " + what + " to series '" + name
                    + "': no such series; add it first with series(name, x, y). Series so far: "
                    + (series.isEmpty() ? "(none)" : String.join(", ", series.keySet())));
        }
        return p;
    }

    private static void sameLength(Pending p, double[] values, String what) {
        if (values.length != p.x.length) {
            throw new IllegalArgumentException("series '" + p.name + "': " + what + " has " + values.length
                    + " values but the series has " + p.x.length);
        }
    }

    private static void checkNotInfinite(String series, String what, int i, double v) {
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("series '" + series + "': " + what + " [" + i + "] is " + v
                    + "; only finite values (or NaN for a gap) can be plotted");
        }
    }
}

package org.lmlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.plot.internal.XYLayer;
import org.lmlab.plot.internal.XYSpec;
import org.lmlab.plot.stats.Ecdf;
import org.lmlab.table.RowGroups;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * Empirical cumulative distribution functions as step curves, one per series: the fraction of
 * values at or below each x. NaN values are skipped.
 */
public final class EcdfBuilder extends ChartBuilder<EcdfBuilder> {

    private final Map<String, double[]> series = new LinkedHashMap<>();
    private boolean logX;
    private String defaultX;

    EcdfBuilder() {
    }

    public EcdfBuilder series(String name, double[] values) {
        requireName(name, "series");
        if (series.containsKey(name)) {
            throw new IllegalArgumentException("series '" + name + "' was already added; series names must be unique");
        }
        series.put(name, finiteSample(name, values));
        return this;
    }

    /** Logarithmic x axis (for lengths, counts, latencies); every value must then be positive. */
    public EcdfBuilder logX() {
        logX = true;
        return this;
    }

    public EcdfBuilder table(Table table, String column) {
        double[] values = TableColumns.numbersOrNaN(table, column, "ECDF values");
        defaultX = TableColumns.requireFor(table, column, "ECDF values");
        return series(defaultX, values);
    }

    /** One series per distinct value of {@code by}; groups without a number are left out. */
    public EcdfBuilder table(Table table, String column, String by) {
        RowGroups.valuesBy(table, column, by, "ECDF values").forEach(this::series);
        defaultX = TableColumns.requireFor(table, column, "ECDF values");
        return this;
    }

    @Override
    public Chart build() {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("an ECDF chart needs at least one series; add one with series(name, values)");
        }
        List<XYLayer> layers = new ArrayList<>();
        List<SeriesInfo> infos = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] values = e.getValue();
            if (logX) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] <= 0) {
                        throw new IllegalArgumentException("series '" + e.getKey() + "': value " + values[i]
                                + " is not positive, so it cannot be shown on a log x axis; drop or shift such"
                                + " values, or use a linear x axis");
                    }
                }
            }
            double[][] steps = Ecdf.of(values).steps();
            layers.add(new XYLayer(e.getKey(), steps[0], steps[1], null, XYLayer.Style.LINE, theme.color(index++), true));
            infos.add(new SeriesInfo(e.getKey(), values.length, ""));
        }
        XYSpec spec = new XYSpec(frame(defaultX, "fraction ≤ x"), layers, logX, false, 0.0, false);
        return new Chart(ChartKind.ECDF, spec, infos, logX, false);
    }
}

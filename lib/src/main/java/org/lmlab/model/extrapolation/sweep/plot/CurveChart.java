package org.lmlab.model.extrapolation.sweep.plot;

import java.util.Map;
import org.lmlab.plot.Chart;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;
import org.lmlab.table.Table;

/**
 * A line per method against length or position, with the trained context marked and the y axis
 * made readable when one method's loss explodes: a log y axis, or a cap ({@link #yMax}) that lets
 * the exploding line leave the top of the plot, as the YaRN and LM-Infinite figures do.
 *
 * @param <B> the concrete builder
 */
public abstract class CurveChart<B extends CurveChart<B>> extends SweepChart<B> {

    private Boolean logY;
    private Double yMax;

    CurveChart(Table table) {
        super(table);
    }

    /** A logarithmic (true) or linear (false) y axis; the default depends on the chart. */
    public B logY(boolean log) {
        this.logY = log;
        return self();
    }

    /** The top of the y axis: lines above it leave the plot at its top edge (default: fit every value). */
    public B yMax(double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("the y maximum must be a finite number > 0, not " + max);
        }
        this.yMax = max;
        return self();
    }

    /** Lines with at most this many points get a marker at each (a few lengths); longer ones are plain. */
    static final int MARKED_POINTS = 40;

    /**
     * The line chart: one series per entry of {@code series} ({x, y} arrays), the trained context as
     * a dashed vertical line, markers at the points unless a line has more than {@value #MARKED_POINTS}.
     *
     * @param log2X       lengths that double: a base-2 x axis
     * @param defaultLogY the y axis when {@link #logY} was not set
     */
    final Chart lines(String chartTitle, String xLabel, String yLabel, boolean log2X, Map<String, double[][]> series,
            boolean defaultLogY) {
        boolean few = series.values().stream().allMatch(xy -> xy[0].length <= MARKED_POINTS);
        XYBuilder chart = Plot.line().title(chartTitle).x(xLabel).y(yLabel).markers(few);
        if (log2X) {
            chart.log2X();
        }
        if (logY != null ? logY : defaultLogY) {
            chart.logY();
        }
        if (yMax != null) {
            chart.yMax(yMax);
        }
        series.forEach((name, xy) -> chart.series(name, xy[0], xy[1]));
        if (trainedContext > 0) {
            chart.verticalLine(trainedContext, trainedLabel());
        }
        return chart.build();
    }
}

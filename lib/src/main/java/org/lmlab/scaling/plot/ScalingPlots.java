package org.lmlab.scaling.plot;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import org.lmlab.plot.Chart;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.ComputeOptimal;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/** Charts of scaling-law fits, built with {@link Plot}. */
public final class ScalingPlots {

    private static final int CURVE_POINTS = 120;

    private ScalingPlots() {
    }

    /** Observed against fitted loss with the line y = x (dotted: a scatter chart has markers only). */
    public static Chart fitted(LawFit fit, ScalingData data) {
        double[] observed = data.runs().stream().mapToDouble(Run::loss).toArray();
        double[] predicted = IntStream.range(0, data.size()).mapToDouble(i -> {
            Run r = data.runs().get(i);
            return fit.predict(r.params(), r.tokens(), data.unique(i));
        }).toArray();
        double lo = Math.min(min(observed), min(predicted));
        double hi = Math.max(max(observed), max(predicted));
        double[] diagonal = IntStream.range(0, 60).mapToDouble(i -> lo + (hi - lo) * i / 59).toArray();
        return Plot.scatter().title("Observed vs fitted loss (" + fit.law().name() + ")").x("observed loss")
                .y("fitted loss").series("runs", observed, predicted).series("y = x", diagonal, diagonal).build();
    }

    /**
     * Iso-loss contours {@code L(N, D) = ℓ} of a Chinchilla law over the (N, D) box
     * {@code [nMin, nMax] × [dMin, dMax]}, at {@code levels} losses spaced evenly between the law's
     * values at the box's largest and smallest corners, with the efficient frontier
     * (N_opt(C), D_opt(C)) of C = 6ND.
     */
    public static Chart contours(ChinchillaParams law, double nMin, double nMax, double dMin, double dMax, int levels) {
        if (!(nMin > 0 && nMax > nMin && dMin > 0 && dMax > dMin) || levels < 1) {
            throw new IllegalArgumentException("need 0 < nMin < nMax, 0 < dMin < dMax and levels >= 1");
        }
        double[] n = logSpaced(nMin, nMax, CURVE_POINTS);
        double lowest = law.predict(nMax, dMax);
        double highest = law.predict(nMin, dMin);
        XYBuilder chart = Plot.line().title("Iso-loss contours and efficient frontier").x("parameters N")
                .y("tokens D").logLog();
        for (int k = 1; k <= levels; k++) {
            double level = lowest + (highest - lowest) * k / (levels + 1);
            double[] d = new double[n.length];
            for (int i = 0; i < n.length; i++) {
                // B/D^β = ℓ − E − A/N^α, solved for D; NaN where the level is out of reach or off the box
                double rest = level - law.E() - law.A() / Math.pow(n[i], law.alpha());
                double di = rest > 0 ? Math.pow(law.B() / rest, 1 / law.beta()) : Double.NaN;
                d[i] = di >= dMin && di <= dMax ? di : Double.NaN;
            }
            if (Arrays.stream(d).anyMatch(Double::isFinite)) {
                chart.series(String.format(Locale.ROOT, "L = %.3f", level), n, d);
            }
        }
        ComputeOptimal optimal = new ComputeOptimal(law);
        double[] c = logSpaced(6 * nMin * dMin, 6 * nMax * dMax, CURVE_POINTS);
        double[] fn = new double[c.length];
        double[] fd = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            ComputeOptimal.Allocation a = optimal.at(c[i]);
            boolean inside = a.params() >= nMin && a.params() <= nMax && a.tokens() >= dMin && a.tokens() <= dMax;
            fn[i] = inside ? a.params() : Double.NaN;
            fd[i] = inside ? a.tokens() : Double.NaN;
        }
        if (Arrays.stream(fn).anyMatch(Double::isFinite)) {
            chart.series("efficient frontier", fn, fd);
        }
        return chart.build();
    }

    /** Contours over the range of the runs (half a decade of margin each way). */
    public static Chart contours(ChinchillaParams law, ScalingData data, int levels) {
        double[] n = data.runs().stream().mapToDouble(Run::params).toArray();
        double[] d = data.runs().stream().mapToDouble(Run::tokens).toArray();
        double margin = Math.sqrt(10);
        return contours(law, min(n) / margin, max(n) * margin, min(d) / margin, max(d) * margin, levels);
    }

    /** Histogram of the bootstrap replicates of {@code quantity}, titled with its interval. */
    public static Chart bootstrapHistogram(BootstrapResult result, String quantity) {
        return Plot.histogram().title("Bootstrap: " + result.interval(quantity)).x(quantity).y("replicates")
                .series(quantity, Arrays.stream(result.values(quantity)).filter(Double::isFinite).toArray()).build();
    }

    private static double[] logSpaced(double lo, double hi, int count) {
        double a = Math.log(lo);
        double b = Math.log(hi);
        return IntStream.range(0, count).mapToDouble(i -> Math.exp(a + (b - a) * i / (count - 1))).toArray();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }
}

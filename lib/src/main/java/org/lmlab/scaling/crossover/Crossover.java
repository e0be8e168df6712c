package org.lmlab.scaling.crossover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingLaw;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.stats.Interval;
import org.lmlab.stats.QuantileMethod;

/**
 * Where two fitted laws (e.g. two architectures) predict equal loss, along model size N with the
 * tokens-per-parameter ratio r fixed (D = r N, compute C = 6 N D = 6 r N²). One path through (N, D)
 * makes "law A overtakes law B at N*" a single number; with r = 20 it follows the Chinchilla rule of
 * thumb, and N* also gives the budget C* = 6 r N*². The root of {@code ln L_A − ln L_B} in {@code ln N}
 * is bracketed on a log grid over {@code [nMin, nMax]} and refined by {@link Brent}; the first sign
 * change (smallest N) is reported, with how many the range holds.
 */
public final class Crossover {

    /** Grid points bracketing sign changes. */
    static final int GRID = 400;
    static final double XTOL = 2e-12;
    static final double RTOL = 4 * Math.ulp(1.0);

    private final double tokensPerParam;
    private final double nMin;
    private final double nMax;

    /** A crossing: N*, D* = r N*, C* = 6 N* D*, the common loss, and sign changes in the range. */
    public record Point(double params, double tokens, double flops, double loss, int crossings) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "N* = %.4g, D* = %.4g, C* = %.4g FLOPs, loss %.5g%s", params, tokens,
                    flops, loss, crossings > 1 ? " (first of " + crossings + " crossings)" : "");
        }
    }

    /** A crossing with a bootstrap interval of N* from paired replicates of the two fits. */
    public record WithInterval(Point point, Interval params, int replicates, int crossed) {
        @Override
        public String toString() {
            return point + System.lineSeparator() + String.format(Locale.ROOT,
                    "  %s; %d of %d paired replicates cross in the range", params, crossed, replicates);
        }
    }

    public Crossover(double tokensPerParam, double nMin, double nMax) {
        if (!(tokensPerParam > 0) || Double.isInfinite(tokensPerParam)) {
            throw new IllegalArgumentException("tokens per parameter must be finite and > 0, got " + tokensPerParam);
        }
        if (!(nMin > 0 && nMax > nMin) || Double.isInfinite(nMax)) {
            throw new IllegalArgumentException("need 0 < nMin < nMax (finite), got " + nMin + " and " + nMax);
        }
        this.tokensPerParam = tokensPerParam;
        this.nMin = nMin;
        this.nMax = nMax;
    }

    /** {@code ln L_A(N, rN) − ln L_B(N, rN)} at {@code ln N = x}. */
    public double gap(ScalingLaw a, double[] thetaA, ScalingLaw b, double[] thetaB, double x) {
        double n = Math.exp(x);
        double d = tokensPerParam * n;
        return a.logPredict(thetaA, n, d, d, null) - b.logPredict(thetaB, n, d, d, null);
    }

    /**
     * The first crossing of the two fits in the range; null when they do not cross there.
     *
     * @throws IllegalArgumentException when the laws agree along the whole range
     */
    public Point find(LawFit a, LawFit b) {
        return find(a.law(), a.theta(), b.law(), b.theta());
    }

    private Point find(ScalingLaw a, double[] ta, ScalingLaw b, double[] tb) {
        double lo = Math.log(nMin);
        double hi = Math.log(nMax);
        double[] x = new double[GRID + 1];
        double[] g = new double[GRID + 1];
        for (int i = 0; i <= GRID; i++) {
            x[i] = lo + (hi - lo) * i / GRID;
            g[i] = gap(a, ta, b, tb, x[i]);
        }
        if (Arrays.stream(g).allMatch(v -> v == 0)) {
            throw new IllegalArgumentException("the two laws predict the same loss along the whole range; "
                    + "compare two different fits");
        }
        List<Integer> changes = new ArrayList<>();
        for (int i = 0; i < GRID; i++) {
            if (Double.isFinite(g[i]) && Double.isFinite(g[i + 1]) && (g[i] == 0 && g[i + 1] != 0 || g[i] * g[i + 1] < 0)) {
                changes.add(i);
            }
        }
        if (changes.isEmpty()) {
            return null;
        }
        int i = changes.get(0);
        double root = g[i] == 0 ? x[i] : Brent.root(v -> gap(a, ta, b, tb, v), x[i], x[i + 1], XTOL, RTOL, 200);
        double n = Math.exp(root);
        double d = tokensPerParam * n;
        return new Point(n, d, 6 * n * d, Math.exp(a.logPredict(ta, n, d, d, null)), changes.size());
    }

    /**
     * The crossing of the full fits with a percentile interval of N* over replicate pairs (replicate i
     * of A with replicate i of B; the two bootstraps resample independent run sets). Pairs that do not
     * cross in the range are counted and left out of the interval.
     */
    public WithInterval find(BootstrapResult a, BootstrapResult b, double level) {
        return find(a, b, level, Progress.NONE);
    }

    /** As {@link #find(BootstrapResult, BootstrapResult, double)}, reporting one step per replicate pair. */
    public WithInterval find(BootstrapResult a, BootstrapResult b, double level, Progress progress) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        Point point = find(a.full(), b.full());
        int pairs = Math.min(a.replicates().size(), b.replicates().size());
        if (pairs == 0) {
            throw new IllegalArgumentException("the bootstrap results have no replicates");
        }
        double[] n = new double[pairs];
        int crossed = 0;
        progress.start(pairs, "crossover");
        for (int r = 0; r < pairs; r++) {
            Cancellation.check();
            Point p = find(a.full().law(), a.replicates().get(r).theta(), b.full().law(),
                    b.replicates().get(r).theta());
            n[r] = p == null ? Double.NaN : p.params();
            crossed += p == null ? 0 : 1;
            progress.step(1);
        }
        progress.done();
        double tail = (1 - level) / 2;
        Interval interval = new Interval("N*", point == null ? Double.NaN : point.params(),
                QuantileMethod.LINEAR.ofFinite(n, tail), QuantileMethod.LINEAR.ofFinite(n, 1 - tail), level);
        return new WithInterval(point, interval, pairs, crossed);
    }
}

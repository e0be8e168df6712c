package org.lmlab.scaling.densing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.DifferentiableFunction;
import org.lmlab.scaling.Lbfgs;
import org.lmlab.scaling.MultiStart;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * The densing law's second step (Xiao et al. 2024, "performance estimation"): downstream score as a
 * sigmoid of loss, {@code S(L) = c / (1 + exp(−γ (L − l))) + d}. Scores fall as loss rises, so a fit
 * usually has {@code c·γ < 0}.
 *
 * @param c     amplitude (score span)
 * @param gamma steepness
 * @param l     loss at the midpoint
 * @param d     score floor (offset)
 */
public record ScoreCurve(double c, double gamma, double l, double d) {

    /** A fitted curve and the summed squared residual at it. */
    public record Fit(ScoreCurve curve, double sse, int points, int starts) {
    }

    public ScoreCurve {
        for (double v : new double[] {c, gamma, l, d}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("score curve parameters must be finite, got c=" + c + " gamma="
                        + gamma + " l=" + l + " d=" + d);
            }
        }
        if (c == 0 || gamma == 0) {
            throw new IllegalArgumentException("c and gamma must be non-zero (a flat curve cannot be inverted)");
        }
    }

    /** Predicted score at loss {@code loss}. */
    public double score(double loss) {
        return c / (1 + Math.exp(-gamma * (loss - l))) + d;
    }

    /**
     * The loss at which the curve reaches {@code score}: {@code l − ln(c/(S − d) − 1)/γ}.
     *
     * @throws IllegalArgumentException when the score lies outside the curve's open range (d, d + c)
     */
    public double loss(double score) {
        double u = (score - d) / c;
        if (!(u > 0 && u < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "score %.6g is outside the score curve's range "
                    + "(%.6g, %.6g): no loss reaches it; refit the curve on reference models that span it", score,
                    Math.min(d, d + c), Math.max(d, d + c)));
        }
        return l - Math.log(1 / u - 1) / gamma;
    }

    /** {@code [c, gamma, l, d]}. */
    public double[] toArray() {
        return new double[] {c, gamma, l, d};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "S(L) = %.6g / (1 + exp(%.6g * (L - %.6g))) + %.6g", c, -gamma, l, d);
    }

    /** The objective: {@code Σ (S(L_i) − S_i)²} over {@code (c, gamma, l, d)}, with its gradient. */
    public static DifferentiableFunction sumOfSquares(double[] losses, double[] scores) {
        double[] x = losses.clone();
        double[] y = scores.clone();
        return (p, g) -> {
            Arrays.fill(g, 0);
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double e = Math.exp(-p[1] * (x[i] - p[2]));
                double s = 1 / (1 + e);
                double r = p[0] * s + p[3] - y[i];
                f += r * r;
                double ds = s * s * e; // d s / d(gamma (x - l))
                g[0] += 2 * r * s;
                g[1] += 2 * r * p[0] * ds * (x[i] - p[2]);
                g[2] += -2 * r * p[0] * ds * p[1];
                g[3] += 2 * r;
            }
            return f;
        };
    }

    /**
     * The starts a fit tries: amplitude ± the score span, floor at the lowest or highest score,
     * midpoint at the median loss, steepness ±{1, 3, 10, 30} divided by the loss span.
     */
    public static List<double[]> starts(double[] losses, double[] scores) {
        double[] sl = losses.clone();
        Arrays.sort(sl);
        double lo = Arrays.stream(scores).min().orElseThrow();
        double hi = Arrays.stream(scores).max().orElseThrow();
        double span = Math.max(hi - lo, 1e-12);
        double lossSpan = Math.max(sl[sl.length - 1] - sl[0], 1e-12);
        double mid = sl[sl.length / 2];
        List<double[]> starts = new ArrayList<>();
        for (double k : new double[] {1, 3, 10, 30}) {
            starts.add(new double[] {span, -k / lossSpan, mid, lo});
            starts.add(new double[] {-span, k / lossSpan, mid, hi});
        }
        return starts;
    }

    /**
     * {@link #fit(double[], double[])} on the rows of {@code table} that have a score (rows whose score is
     * null are skipped: reference runs without a downstream evaluation).
     *
     * @throws IllegalArgumentException naming a missing column or the row of a non-numeric value
     */
    public static Fit fit(Table table, String lossColumn, String scoreColumn) {
        try {
            TableColumns.requireAll(table, lossColumn, scoreColumn);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("score table: " + e.getMessage(), e);
        }
        List<double[]> pairs = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            Object s = table.get(scoreColumn, row);
            if (s == null) {
                continue;
            }
            Object l = table.get(lossColumn, row);
            if (!(s instanceof Number sn) || !(l instanceof Number ln)) {
                throw new IllegalArgumentException("score table, row " + row + ": columns '" + lossColumn + "' and '"
                        + scoreColumn + "' must be numbers, got " + l + " and " + s);
            }
            pairs.add(new double[] {ln.doubleValue(), sn.doubleValue()});
        }
        return fit(pairs.stream().mapToDouble(p -> p[0]).toArray(), pairs.stream().mapToDouble(p -> p[1]).toArray());
    }

    /**
     * Least-squares fit of the curve to reference models' (loss, score) pairs from {@link #starts},
     * by the project's multi-start L-BFGS.
     *
     * @throws IllegalArgumentException for mismatched arrays, non-finite values or fewer than 5 points
     */
    public static Fit fit(double[] losses, double[] scores) {
        if (losses.length != scores.length) {
            throw new IllegalArgumentException("expected one score per loss, got " + losses.length + " losses and "
                    + scores.length + " scores");
        }
        if (losses.length < 5) {
            throw new IllegalArgumentException("need at least 5 reference models to fit the 4 parameters of the score "
                    + "curve (c, gamma, l, d) with a residual left, got " + losses.length);
        }
        for (int i = 0; i < losses.length; i++) {
            if (!Double.isFinite(losses[i]) || !Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("row " + i + ": loss and score must be finite, got loss=" + losses[i]
                        + " score=" + scores[i]);
            }
        }
        List<double[]> starts = starts(losses, scores);
        MultiStart.Outcome o = new MultiStart(Lbfgs.Options.tight(), 1e-6)
                .minimize(sumOfSquares(losses, scores), starts.size(), i -> starts.get(i).clone(), false, Progress.NONE);
        double[] p = o.best().x();
        return new Fit(new ScoreCurve(p[0], p[1], p[2], p[3]), o.best().value(), losses.length, starts.size());
    }
}

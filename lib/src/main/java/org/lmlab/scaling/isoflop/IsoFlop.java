package org.lmlab.scaling.isoflop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.lmlab.scaling.Run;

/**
 * Approach 2 of Hoffmann et al. 2022 (IsoFLOP profiles): for each FLOP budget fit a parabola of
 * loss against log N, take its minimum as N_opt(C), then fit the power law
 * {@code N_opt = k C^a} by least squares in log-log space; {@code D_opt = C / (6 N_opt)}.
 *
 * <p>Needs runs grouped by budget. The bundled Chinchilla runs (figure-extracted) do not form
 * IsoFLOP groups (their C = 6ND is spread continuously), so the tests use a synthetic IsoFLOP
 * set drawn from a known law; see docs/scaling.md.
 */
public final class IsoFlop {

    /**
     * One budget's profile.
     *
     * @param flops        the budget (mean of its runs' 6ND)
     * @param runs         runs in the profile
     * @param parabola     {@code (c2, c1, c0)}: loss ≈ c2 x² + c1 x + c0 with x = ln N
     * @param optimalParams N at the parabola's minimum
     * @param minimumLoss  loss there
     */
    public record Profile(double flops, int runs, double[] parabola, double optimalParams, double minimumLoss) {
        public Profile {
            parabola = parabola.clone();
        }

        @Override
        public double[] parabola() {
            return parabola.clone();
        }

        public double optimalTokens() {
            return flops / (6 * optimalParams);
        }
    }

    /** {@code y = coefficient · C^exponent}. */
    public record PowerLaw(double coefficient, double exponent) {
        public double at(double flops) {
            return coefficient * Math.pow(flops, exponent);
        }
    }

    /** Profiles in increasing budget, and the power laws of N_opt(C) and D_opt(C). */
    public record Result(List<Profile> profiles, PowerLaw params, PowerLaw tokens) {
        public Result {
            profiles = List.copyOf(profiles);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "IsoFLOP (%d budgets): N_opt = %.4g C^%.4f, D_opt = %.4g C^%.4f",
                    profiles.size(), params.coefficient(), params.exponent(), tokens.coefficient(), tokens.exponent());
        }
    }

    private IsoFlop() {
    }

    /**
     * Groups runs whose compute 6ND lies within {@code relativeTolerance} of the smallest budget of
     * the group (runs sorted by compute).
     */
    public static List<List<Run>> groupByFlops(List<Run> runs, double relativeTolerance) {
        if (!(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("relativeTolerance must be >= 0, got " + relativeTolerance);
        }
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(IsoFlop::flops));
        List<List<Run>> groups = new ArrayList<>();
        List<Run> current = new ArrayList<>();
        double first = Double.NaN;
        for (Run r : sorted) {
            if (current.isEmpty() || flops(r) > first * (1 + relativeTolerance)) {
                if (!current.isEmpty()) {
                    groups.add(List.copyOf(current));
                }
                current = new ArrayList<>();
                first = flops(r);
            }
            current.add(r);
        }
        if (!current.isEmpty()) {
            groups.add(List.copyOf(current));
        }
        return List.copyOf(groups);
    }

    /**
     * Fits the profiles and power laws.
     *
     * @throws IllegalArgumentException for fewer than 2 budgets, a budget with fewer than 3
     *                                  distinct model sizes, or a parabola with no minimum (naming the budget)
     */
    public static Result fit(List<List<Run>> budgets) {
        if (budgets.size() < 2) {
            throw new IllegalArgumentException("need at least 2 FLOP budgets for the power law, got " + budgets.size());
        }
        List<Profile> profiles = new ArrayList<>();
        for (List<Run> group : budgets) {
            profiles.add(profile(group));
        }
        profiles.sort(Comparator.comparingDouble(Profile::flops));
        double[] lnC = profiles.stream().mapToDouble(p -> Math.log(p.flops())).toArray();
        double[] lnN = profiles.stream().mapToDouble(p -> Math.log(p.optimalParams())).toArray();
        double[] lnD = profiles.stream().mapToDouble(p -> Math.log(p.optimalTokens())).toArray();
        double[] n = LeastSquares.polyfit(lnC, lnN, 1);
        double[] d = LeastSquares.polyfit(lnC, lnD, 1);
        return new Result(profiles, new PowerLaw(Math.exp(n[1]), n[0]), new PowerLaw(Math.exp(d[1]), d[0]));
    }

    static Profile profile(List<Run> group) {
        double c = group.stream().mapToDouble(IsoFlop::flops).average().orElseThrow();
        long distinct = group.stream().mapToDouble(Run::params).distinct().count();
        if (distinct < 3) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "budget C = %.4g FLOPs has %d distinct model sizes; a parabola needs at least 3", c, distinct));
        }
        double[] x = group.stream().mapToDouble(r -> Math.log(r.params())).toArray();
        double[] y = group.stream().mapToDouble(Run::loss).toArray();
        double[] p = LeastSquares.polyfit(x, y, 2);
        if (!(p[0] > 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "budget C = %.4g FLOPs: the parabola of loss vs ln N opens downwards (c2 = %.3g), no minimum", c, p[0]));
        }
        double xMin = -p[1] / (2 * p[0]);
        return new Profile(c, group.size(), p, Math.exp(xMin), p[2] - p[1] * p[1] / (4 * p[0]));
    }

    private static double flops(Run r) {
        return 6 * r.params() * r.tokens();
    }
}

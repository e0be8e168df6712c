package org.lmlab.scaling.law;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.ScalingLaw;

/**
 * The data-constrained law of Muennighoff et al. 2023 ("Scaling Data-Constrained Language
 * Models", arXiv:2305.16264, eq. 5–7 and the authors' datablations README):
 * <pre>
 *   L = E + A/N'^α + B/D'^β
 *   D' = U_D + U_D R*_D (1 − e^{−R_D/R*_D}),  R_D = max(D/U_D − 1, 0)   (repeated epochs)
 *   N' = U_N + U_N R*_N (1 − e^{−R_N/R*_N}),  U_N = min(N, N_opt(U_D)),  R_N = max(N/U_N − 1, 0)
 * </pre>
 * where {@code N_opt(U_D) = G (U_D G)^{β/α}}, {@code G = (αA/(βB))^{1/(α+β)}}, is the model size whose
 * compute-optimal data is U_D. U_N is computed from a fixed <em>base</em> Chinchilla law (the
 * authors first fit A, B, E, α, β, then R*; here all seven are fitted with U_N held fixed, so the
 * objective stays smooth). Coordinates: {@code (a, b, e, α, β, log R*_N, log R*_D)}.
 */
public final class DataConstrainedLaw implements ScalingLaw {

    /** The authors' published fit (datablations README): R*_D ≈ 15.39, R*_N ≈ 5.31, α = β ≈ 0.3527. */
    public static final double[] PUBLISHED = {6.255414, 7.3049974, 0.6254804, 0.3526596, 0.3526596,
        Math.log(5.309743), Math.log(15.387756)};

    private static final List<String> NAMES = List.of("a", "b", "e", "alpha", "beta", "log_rn_star", "log_rd_star");
    private static final List<double[]> STARTS = Grid.product(new double[] {5, 10}, new double[] {5, 10},
            new double[] {0, 0.5}, new double[] {0.25, 0.5}, new double[] {0.25, 0.5},
            new double[] {Math.log(5), Math.log(15)}, new double[] {Math.log(5), Math.log(15)});

    private final ChinchillaParams base;
    private final double g;

    /** @param base the law whose compute-optimal allocation defines U_N (α, β &gt; 0) */
    public DataConstrainedLaw(ChinchillaParams base) {
        if (!(base.alpha() > 0 && base.beta() > 0)) {
            throw new IllegalArgumentException("the base law needs alpha, beta > 0, got " + base);
        }
        this.base = base;
        this.g = Math.exp((Math.log(base.alpha() / base.beta()) + base.a() - base.b()) / (base.alpha() + base.beta()));
    }

    /** The law with the published coefficients' own A, B, α, β as base (as the authors' code does). */
    public static DataConstrainedLaw published() {
        return new DataConstrainedLaw(ChinchillaLaw.params(PUBLISHED));
    }

    public ChinchillaParams base() {
        return base;
    }

    /** {@code U_N = min(N, N_opt(U_D))}. */
    public double uniqueParams(double params, double uniqueTokens) {
        return Math.min(params, g * Math.pow(uniqueTokens * g, base.beta() / base.alpha()));
    }

    @Override
    public String name() {
        return "data-constrained";
    }

    @Override
    public List<String> parameterNames() {
        return NAMES;
    }

    @Override
    public double logPredict(double[] t, double params, double tokens, double uniqueTokens, double[] gradient) {
        double uN = uniqueParams(params, uniqueTokens);
        Effective n = Effective.of(uN, Math.max(params / uN - 1, 0), Math.exp(t[5]));
        Effective d = Effective.of(uniqueTokens, Math.max(tokens / uniqueTokens - 1, 0), Math.exp(t[6]));
        double lse = ChinchillaLaw.logSumExp(t, Math.log(n.value), Math.log(d.value), gradient);
        if (gradient != null) {
            // gradient[0], [1] are the softmax weights of the N' and D' terms
            gradient[5] = -gradient[0] * t[3] * n.dLogValueDLogStar;
            gradient[6] = -gradient[1] * t[4] * d.dLogValueDLogStar;
        }
        return lse;
    }

    /** {@code U + U R* (1 − e^{−R/R*})} and its derivative in {@code log R*}. */
    private record Effective(double value, double dLogValueDLogStar) {
        static Effective of(double unique, double repeats, double star) {
            double x = repeats / star;
            double decay = Math.exp(-x);
            double value = unique + unique * star * (-Math.expm1(-x));
            // d/dR* [R*(1 − e^{−R/R*})] = 1 − e^{−x}(1 + x); times dR*/dlogR* = R*.
            double dValue = unique * star * (-Math.expm1(-x) - x * decay);
            return new Effective(value, dValue / value);
        }
    }

    @Override
    public String formula(double[] t) {
        return String.format(Locale.ROOT, "L(N, D, U) = %.4g + %.4g/N'^%.4g + %.4g/D'^%.4g, R*_N = %.4g, R*_D = %.4g",
                Math.exp(t[2]), Math.exp(t[0]), t[3], Math.exp(t[1]), t[4], Math.exp(t[5]), Math.exp(t[6]));
    }

    @Override
    public Map<String, Double> naturalParameters(double[] t) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("A", Math.exp(t[0]));
        m.put("B", Math.exp(t[1]));
        m.put("E", Math.exp(t[2]));
        m.put("alpha", t[3]);
        m.put("beta", t[4]);
        m.put("R*_N", Math.exp(t[5]));
        m.put("R*_D", Math.exp(t[6]));
        return m;
    }

    @Override
    public int startCount() {
        return STARTS.size();
    }

    @Override
    public double[] start(int i) {
        return STARTS.get(i).clone();
    }

    @Override
    public List<double[]> refitStarts() {
        return List.of(STARTS.get(0), STARTS.get(STARTS.size() - 1));
    }
}

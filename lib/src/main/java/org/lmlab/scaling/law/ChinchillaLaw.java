package org.lmlab.scaling.law;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.scaling.ChinchillaObjective;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.ComputeOptimal;
import org.lmlab.scaling.ComputeOptimalLaw;
import org.lmlab.scaling.DifferentiableFunction;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.StartGrid;

/**
 * {@code L(N, D) = E + A/N^α + B/D^β} (Hoffmann et al. 2022), fitted in the coordinates
 * {@code (a, b, e, α, β)} with {@code log L̂ = LSE(a − α log N, b − β log D, e)}; the objective is the
 * specialised {@link ChinchillaObjective}. Default starts: the replication's 4,500-point grid.
 */
public final class ChinchillaLaw implements ComputeOptimalLaw {

    private static final List<String> NAMES = List.of("a", "b", "e", "alpha", "beta");
    /**
     * Bootstrap refit starts besides the full-data optimum: (α, β) ∈ {(0.5, 0.5), (1, 1)} ×
     * (a, b) ∈ {(5, 5), (15, 15)}, e = 0.5 (inside the replication grid's range).
     */
    private static final List<double[]> REFIT = List.of(new double[] {5, 5, 0.5, 0.5, 0.5},
            new double[] {15, 15, 0.5, 0.5, 0.5}, new double[] {5, 5, 0.5, 1, 1}, new double[] {15, 15, 0.5, 1, 1});

    private final StartGrid grid;

    public ChinchillaLaw() {
        this(StartGrid.replication());
    }

    public ChinchillaLaw(StartGrid grid) {
        this.grid = grid;
    }

    /** The coordinates {@code (a, b, e, α, β)} as parameters. */
    public static ChinchillaParams params(double[] theta) {
        return new ChinchillaParams(theta[0], theta[1], theta[2], theta[3], theta[4]);
    }

    @Override
    public ChinchillaParams chinchillaParams(double[] theta) {
        return params(theta);
    }

    @Override
    public String name() {
        return "chinchilla";
    }

    @Override
    public List<String> parameterNames() {
        return NAMES;
    }

    @Override
    public double logPredict(double[] t, double params, double tokens, double uniqueTokens, double[] gradient) {
        return logSumExp(t, Math.log(params), Math.log(tokens), gradient);
    }

    /**
     * {@code LSE(a − α x, b − β y, e)} for {@code t = (a, b, e, α, β, …)}, writing its derivatives in
     * the first five coordinates into {@code gradient} (when not null); shared with the
     * data-constrained law, where x and y are the log effective sizes.
     */
    static double logSumExp(double[] t, double x, double y, double[] gradient) {
        double t1 = t[0] - t[3] * x;
        double t2 = t[1] - t[4] * y;
        double lse = ChinchillaObjective.logSumExp(t1, t2, t[2]);
        if (gradient != null) {
            double w1 = Math.exp(t1 - lse);
            double w2 = Math.exp(t2 - lse);
            gradient[0] = w1;
            gradient[1] = w2;
            gradient[2] = Math.exp(t[2] - lse);
            gradient[3] = -w1 * x;
            gradient[4] = -w2 * y;
        }
        return lse;
    }

    @Override
    public String formula(double[] theta) {
        return params(theta).formula();
    }

    @Override
    public Map<String, Double> naturalParameters(double[] theta) {
        ChinchillaParams p = params(theta);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("A", p.A());
        m.put("B", p.B());
        m.put("E", p.E());
        m.put("alpha", p.alpha());
        m.put("beta", p.beta());
        return m;
    }

    @Override
    public int startCount() {
        return grid.size();
    }

    @Override
    public double[] start(int i) {
        return grid.start(i);
    }

    @Override
    public List<double[]> refitStarts() {
        return REFIT;
    }

    /** {@code N_opt}, {@code D_opt} and {@code tokens_per_param} at C = 6ND; empty when α or β ≤ 0. */
    @Override
    public Map<String, Double> derived(double[] theta, double flops) {
        ChinchillaParams p = params(theta);
        if (!(p.alpha() > 0 && p.beta() > 0)) {
            return Map.of();
        }
        ComputeOptimal.Allocation a = new ComputeOptimal(p).at(flops);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("N_opt", a.params());
        m.put("D_opt", a.tokens());
        m.put("tokens_per_param", a.tokensPerParam());
        return m;
    }

    @Override
    public DifferentiableFunction objective(ScalingData data, double[] weights, double delta) {
        return new ChinchillaObjective(data.runs(), weights, delta);
    }
}

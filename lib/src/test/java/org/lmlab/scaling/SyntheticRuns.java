package org.lmlab.scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lmlab.scaling.law.DataConstrainedLaw;

/** Seeded synthetic runs drawn from known laws, for laws the bundled data cannot exercise. */
public final class SyntheticRuns {

    private SyntheticRuns() {
    }

    /**
     * {@code count} runs from the published data-constrained law (Muennighoff et al.) with
     * log-normal noise of {@code sigma}: N log-uniform in [1e7, 1e10], unique tokens log-uniform in
     * [1e8, 1e11], epochs in {1, 2, 4, …, 64}.
     */
    public static ScalingData dataConstrained(int count, double sigma, long seed) {
        Random random = new Random(seed);
        DataConstrainedLaw law = DataConstrainedLaw.published();
        List<Run> runs = new ArrayList<>();
        double[] unique = new double[count];
        for (int i = 0; i < count; i++) {
            double n = Math.pow(10, 7 + 3 * random.nextDouble());
            double u = Math.pow(10, 8 + 3 * random.nextDouble());
            double d = u * (1 << random.nextInt(7));
            double loss = law.predict(DataConstrainedLaw.PUBLISHED, n, d, u, null) * Math.exp(sigma * random.nextGaussian());
            runs.add(new Run(n, d, loss));
            unique[i] = u;
        }
        return new ScalingData(runs, unique);
    }

    /**
     * IsoFLOP profiles from a Chinchilla law: for each budget, {@code perBudget} model sizes
     * log-spaced over ±1 decade around the law's N_opt, D = C/(6N), loss with log-normal noise.
     */
    public static List<Run> isoFlop(ChinchillaParams law, double[] budgets, int perBudget, double sigma, long seed) {
        Random random = new Random(seed);
        ComputeOptimal optimal = new ComputeOptimal(law);
        List<Run> runs = new ArrayList<>();
        for (double c : budgets) {
            double center = Math.log10(optimal.at(c).params());
            for (int k = 0; k < perBudget; k++) {
                double n = Math.pow(10, center - 1 + 2.0 * k / (perBudget - 1));
                double d = c / (6 * n);
                runs.add(new Run(n, d, law.predict(n, d) * Math.exp(sigma * random.nextGaussian())));
            }
        }
        return runs;
    }
}

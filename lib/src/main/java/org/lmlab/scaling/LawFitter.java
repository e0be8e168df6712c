package org.lmlab.scaling;

import java.time.Duration;
import java.util.function.IntFunction;
import org.lmlab.progress.Progress;

/**
 * Fits any {@link ScalingLaw} by Hoffmann et al. 2022 Approach 3 (replication: Besiroglu et al. 2024):
 * the summed Huber loss of log-space residuals, minimised by L-BFGS from every start of the law's grid
 * (in parallel; the result does not depend on scheduling), the best start polished by one more run at
 * a 100× tighter gradient tolerance. {@code new LawFitter(new ChinchillaLaw())} is the replication's
 * 4,500-start Chinchilla fit.
 */
public final class LawFitter {

    private final ScalingLaw law;
    private final double delta;
    private final MultiStart multiStart;

    /** δ = 1e-3, {@link Lbfgs.Options#tight()}, best within 1e-6 relative (as {@link FitOptions#defaults()}). */
    public LawFitter(ScalingLaw law) {
        this(law, FitOptions.defaults());
    }

    /** Uses {@code options}' δ, L-BFGS settings and best tolerance. */
    public LawFitter(ScalingLaw law, FitOptions options) {
        this.law = law;
        this.delta = options.delta();
        this.multiStart = new MultiStart(options.lbfgs(), options.bestTolerance());
    }

    public ScalingLaw law() {
        return law;
    }

    public double delta() {
        return delta;
    }

    public MultiStart multiStart() {
        return multiStart;
    }

    /** Fits from the law's default grid. */
    public LawFit fit(ScalingData data, Progress progress) {
        return fit(data, law.startCount(), law::start, progress);
    }

    public LawFit fit(ScalingData data) {
        return fit(data, Progress.NONE);
    }

    /**
     * Fits from {@code count} given starts (in parallel; the result does not depend on scheduling).
     *
     * @throws IllegalArgumentException when there are fewer runs than parameters
     */
    public LawFit fit(ScalingData data, int count, IntFunction<double[]> start, Progress progress) {
        requireEnoughRuns(law, data.size());
        long t0 = System.nanoTime();
        DifferentiableFunction objective = law.objective(data, null, delta);
        progress.start(count, law.name() + " fit (" + data.size() + " runs, " + count + " starts)");
        MultiStart.Outcome outcome;
        try {
            outcome = multiStart.minimize(objective, count, start, true, progress, law.bounds());
        } finally {
            progress.done();
        }
        Lbfgs.Result best = outcome.best();
        return new LawFit(law, best.x(), best.value(), best.gradientNorm(), data.size(), count, outcome.startsAtBest(),
                outcome.bestStart(), outcome.stops(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Fails with "need at least k runs to fit the k parameters (…), got n" when n &lt; k. */
    public static void requireEnoughRuns(ScalingLaw law, int runs) {
        if (runs < law.parameterCount()) {
            throw new IllegalArgumentException("need at least " + law.parameterCount() + " runs to fit the "
                    + law.parameterCount() + " parameters (" + String.join(", ", law.parameterNames()) + ") of the "
                    + law.name() + " law, got " + runs);
        }
    }
}

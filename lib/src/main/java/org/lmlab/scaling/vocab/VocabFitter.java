package org.lmlab.scaling.vocab;

import java.util.List;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.FitOptions;
import org.lmlab.scaling.Lbfgs;
import org.lmlab.scaling.MultiStart;

/** Fits the vocabulary loss law by the shared multi-start L-BFGS, as every other law is fitted. */
public final class VocabFitter {

    private final VocabLaw law;
    private final double delta;
    private final MultiStart multiStart;

    /** δ = 1e-3 (the authors'), L-BFGS and best tolerance from {@link FitOptions#defaults()}. */
    public VocabFitter(VocabLaw law) {
        this(law, FitOptions.defaults().delta());
    }

    public VocabFitter(VocabLaw law, double delta) {
        FitOptions options = FitOptions.defaults();
        this.law = law;
        this.delta = delta;
        this.multiStart = new MultiStart(options.lbfgs(), options.bestTolerance());
    }

    public VocabLaw law() {
        return law;
    }

    public double delta() {
        return delta;
    }

    /** Fits from the law's default start grid. */
    public VocabFit fit(VocabData data, Progress progress) {
        return fit(data, law.startGrid(), progress);
    }

    /**
     * Fits from the given starts (in parallel; the result does not depend on scheduling).
     *
     * @throws IllegalArgumentException when there are fewer runs than parameters
     */
    public VocabFit fit(VocabData data, List<double[]> starts, Progress progress) {
        requireEnoughRuns(data.size());
        progress.start(starts.size(), "vocabulary law fit (" + data.size() + " runs, " + starts.size() + " starts)");
        MultiStart.Outcome outcome;
        try {
            outcome = multiStart.minimize(new VocabObjective(law, data, null, delta), starts.size(),
                    i -> starts.get(i).clone(), true, progress);
        } finally {
            progress.done();
        }
        Lbfgs.Result best = outcome.best();
        return new VocabFit(law, best.x(), best.value(), best.gradientNorm(), data.size(), starts.size(),
                outcome.startsAtBest());
    }

    /** Refits with bootstrap weights from the given starts, sequentially (callers run replicates in parallel). */
    Lbfgs.Result refit(VocabData data, double[] weights, List<double[]> starts) {
        return multiStart.minimize(new VocabObjective(law, data, weights, delta), starts.size(),
                i -> starts.get(i).clone(), false, Progress.NONE).best();
    }

    void requireEnoughRuns(int runs) {
        if (runs < law.parameterCount()) {
            throw new IllegalArgumentException("need at least " + law.parameterCount() + " runs to fit the "
                    + law.parameterCount() + " parameters (" + String.join(", ", law.parameterNames())
                    + ") of the vocabulary law, got " + runs);
        }
    }
}

package org.lmlab.scaling.vocab;

import java.util.Locale;

/**
 * A fit of the vocabulary loss law (Approach 3).
 *
 * @param law          the law (tied or free α1)
 * @param theta        best fitting coordinates
 * @param objective    summed Huber loss there
 * @param gradientNorm max-norm of the gradient there
 * @param runs         runs fitted
 * @param starts       starts tried
 * @param startsAtBest starts that ended within the relative tolerance of the best
 */
public record VocabFit(VocabLaw law, double[] theta, double objective, double gradientNorm, int runs, int starts,
                       int startsAtBest) {

    public VocabFit {
        theta = theta.clone();
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    public VocabParams params() {
        return law.params(theta);
    }

    /**
     * A warning when the vocabulary term does not fall with N_v (α2 ≤ 0): such a law has no optimal
     * vocabulary, and the runs do not pin the term down; null otherwise.
     */
    public String warning() {
        double alpha2 = params().alpha2();
        return alpha2 > 0 ? null : String.format(Locale.ROOT, "alpha2 = %.4g <= 0: the vocabulary term does not fall "
                + "with N_v, so this law has no optimal vocabulary; the runs do not determine the vocabulary term "
                + "(try starting from the published constants)", alpha2);
    }

    @Override
    public String toString() {
        String text = params().formula() + String.format(Locale.ROOT,
                "%n  objective=%.10g |grad|=%.2e runs=%d starts=%d at best=%d", objective, gradientNorm, runs, starts,
                startsAtBest);
        return warning() == null ? text : text + System.lineSeparator() + "  warning: " + warning();
    }
}

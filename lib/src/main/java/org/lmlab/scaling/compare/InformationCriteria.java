package org.lmlab.scaling.compare;

import java.util.Locale;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;

/**
 * AIC and BIC of a fitted law, under the assumption that the log-space residuals
 * {@code r_i = log L̂_i − log L_i} are independent Gaussian with one common variance, taken at its
 * maximum-likelihood value {@code σ² = RSS/n}:
 * {@code ln ℒ = −n/2 (ln(2πσ²) + 1)}, {@code k} = the law's parameters + 1 (σ),
 * {@code AIC = 2k − 2 ln ℒ}, {@code BIC = k ln n − 2 ln ℒ}. The law itself is fitted by the Huber
 * loss, not by this likelihood, so these are comparisons at the Huber optimum (lower is better;
 * only differences between laws fitted to the same runs mean anything).
 *
 * @param runs          n
 * @param parameters    k (law parameters + 1)
 * @param rss           residual sum of squares in log space
 * @param logLikelihood ln ℒ
 * @param aic           Akaike information criterion
 * @param bic           Bayesian information criterion
 */
public record InformationCriteria(String law, int runs, int parameters, double rss, double logLikelihood, double aic,
                                  double bic) {

    /** The criteria of {@code fit} on {@code data} (usually the runs it was fitted to). */
    public static InformationCriteria of(LawFit fit, ScalingData data) {
        double rss = 0;
        for (int i = 0; i < data.size(); i++) {
            Run r = data.runs().get(i);
            double res = Math.log(fit.predict(r.params(), r.tokens(), data.unique(i))) - Math.log(r.loss());
            rss += res * res;
        }
        int n = data.size();
        int k = fit.law().parameterCount() + 1;
        double ll = -0.5 * n * (Math.log(2 * Math.PI * rss / n) + 1);
        return new InformationCriteria(fit.law().name(), n, k, rss, ll, 2 * k - 2 * ll, k * Math.log(n) - 2 * ll);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: n=%d k=%d RSS=%.6g lnL=%.6g AIC=%.6g BIC=%.6g", law, runs, parameters, rss,
                logLikelihood, aic, bic);
    }
}

package org.lmlab.lengths.fit;

import java.util.Objects;

/**
 * What became of one family on one group of lengths: fitted, skipped because the family does not apply to these
 * data (zeros for a positive family, equal values, no overdispersion for the negative binomial), or failed (bad
 * values, no convergence). One group's trouble is reported here instead of aborting the other groups' fits.
 *
 * @param family the family
 * @param status how it went
 * @param fit the fit when {@link Status#FITTED}, else null
 * @param note why it was skipped or failed; null when fitted
 */
public record FitOutcome(Family family, Status status, FittedDistribution fit, String note) {

    /** Fitted, skipped (does not apply to the data) or failed (bad data or no convergence). */
    public enum Status { FITTED, SKIPPED, FAILED }

    public FitOutcome {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(status, "status");
        if ((status == Status.FITTED) != (fit != null)) {
            throw new IllegalArgumentException("a fit goes with status FITTED only, got " + status);
        }
    }

    static FitOutcome fitted(FittedDistribution fit) {
        return new FitOutcome(fit.family(), Status.FITTED, fit, null);
    }

    static FitOutcome skipped(Family family, String note) {
        return new FitOutcome(family, Status.SKIPPED, null, note);
    }

    static FitOutcome failed(Family family, String note) {
        return new FitOutcome(family, Status.FAILED, null, note);
    }
}

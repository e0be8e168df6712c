package org.lmlab.scaling.compare;

import java.util.List;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.ScalingLaw;

/**
 * Several laws side by side on the same runs: each law's full fit with its AIC/BIC, and its
 * leave-largest-out extrapolation error. (Comparing two models' response lengths is another idea:
 * {@link org.lmlab.lengths.bootstrap.ModelComparison}.)
 */
public final class LawComparison {

    /** One law's row. */
    public record Row(LawFit fit, InformationCriteria criteria, Extrapolation extrapolation) {
    }

    private LawComparison() {
    }

    /** Fits every law to {@code data} and holds out the {@code heldOut} largest-compute runs. */
    public static List<Row> compare(List<ScalingLaw> laws, ScalingData data, int heldOut) {
        return laws.stream().map(law -> {
            LawFitter fitter = new LawFitter(law);
            LawFit fit = fitter.fit(data);
            return new Row(fit, InformationCriteria.of(fit, data), Extrapolation.leaveLargestOut(fitter, data, heldOut));
        }).toList();
    }
}

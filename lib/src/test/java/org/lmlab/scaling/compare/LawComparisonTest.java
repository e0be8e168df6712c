package org.lmlab.scaling.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.ChinchillaData;
import org.lmlab.scaling.ChinchillaFitScipyTestGrid;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.LawScipy;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.ScalingLaw;
import org.lmlab.scaling.StartGrid;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.scaling.law.Laws;

/**
 * AIC/BIC against scipy.stats.norm.logpdf + statsmodels' aic/bic at the same parameters, and
 * leave-largest-out extrapolation against a scipy fit of the same training runs.
 */
class LawComparisonTest {

    static final ScalingData DATA = ScalingData.of(ChinchillaData.replicationRuns());

    static ScalingLaw law(String name) {
        return name.equals("chinchilla") ? new ChinchillaLaw(ChinchillaFitScipyTestGrid.SUB_GRID) : Laws.byName(name, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chinchilla", "kaplan-c"})
    void informationCriteriaAgreeWithStatsmodels(String name) throws Exception {
        LawFit fit = new LawFitter(law(name)).fit(DATA);
        InformationCriteria ours = InformationCriteria.of(fit, DATA);
        Map<String, Double> ref = LawScipy.evaluate(name, DATA, fit.theta(), null);
        System.out.println(ours + "  statsmodels: llf=" + ref.get("llf") + " aic=" + ref.get("aic") + " bic=" + ref.get("bic"));
        assertEquals(ref.get("llf"), ours.logLikelihood(), 1e-9 * Math.abs(ref.get("llf")));
        assertEquals(ref.get("aic"), ours.aic(), 1e-9 * Math.abs(ref.get("aic")));
        assertEquals(ref.get("bic"), ours.bic(), 1e-9 * Math.abs(ref.get("bic")));
    }

    @Test
    void chinchillaBeatsKaplanOnAic() {
        List<LawComparison.Row> rows = LawComparison.compare(List.of(law("chinchilla"), law("kaplan-c")), DATA, 10);
        rows.forEach(r -> System.out.println(r.criteria() + "; " + r.extrapolation()));
        assertTrue(rows.get(0).criteria().aic() < rows.get(1).criteria().aic());
    }

    @Test
    void leaveLargestOutAgreesWithScipyFitOfTheSameTrainingRuns() throws Exception {
        // 32 starts on both sides (scipy needs minutes for the 243-start sub-grid on a loaded machine)
        LawFitter fitter = new LawFitter(new ChinchillaLaw(new StartGrid(new double[] {0.5, 1}, new double[] {0.5, 1},
                new double[] {0, 1}, new double[] {5, 15}, new double[] {5, 15})));
        Extrapolation ext = Extrapolation.leaveLargestOut(fitter, DATA, 10);
        System.out.println(ext);
        int[] train = ext.trainingRows(DATA.size());
        assertEquals(230, train.length);
        // held out = the 10 largest 6ND
        double smallestHeld = IntStream.of(ext.heldOutRows()).mapToDouble(i -> flops(DATA, i)).min().orElseThrow();
        assertTrue(IntStream.of(train).allMatch(i -> flops(DATA, i) <= smallestHeld));
        ScalingLaw law = fitter.law();
        List<double[]> starts = IntStream.range(0, law.startCount()).mapToObj(law::start).toList();
        LawScipy.Fit scipy = LawScipy.fit("chinchilla", DATA, starts, null, List.of(train)).get(0);
        Map<String, Double> pred = LawScipy.evaluate("chinchilla", DATA, scipy.theta(), null);
        for (int j = 0; j < ext.heldOutRows().length; j++) {
            int row = ext.heldOutRows()[j];
            double refRel = (pred.get("pred " + row) - DATA.runs().get(row).loss()) / DATA.runs().get(row).loss();
            System.out.printf("row %d: relative error lmlab %.8f scipy %.8f%n", row, ext.relativeErrors()[j], refRel);
            assertEquals(refRel, ext.relativeErrors()[j], 1e-6);
        }
    }

    @Test
    void holdingOutTooManyIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Extrapolation.leaveLargestOut(new LawFitter(law("kaplan-c")), DATA, 240));
        assertEquals("hold out between 1 and 239 runs, not 240", e.getMessage());
    }

    private static double flops(ScalingData d, int i) {
        return 6 * d.runs().get(i).params() * d.runs().get(i).tokens();
    }
}

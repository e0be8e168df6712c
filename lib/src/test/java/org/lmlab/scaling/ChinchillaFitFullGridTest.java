package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.scaling.law.DataConstrainedLaw;
import org.lmlab.scaling.law.KaplanLaw;
import org.lmlab.scaling.law.Laws;

/**
 * The full 4,500-start replication grid on the 240 runs, checked against the scipy reference fit
 * recorded in datasets/chinchilla/PROVENANCE.md (scipy 1.10.1 L-BFGS-B over the same grid, polished;
 * re-run here with scipy 1.17.1 via chinchilla_scipy.py it gives the same digits, but takes minutes,
 * so {@link ChinchillaFitScipyTest} runs scipy live on a sub-grid instead).
 */
class ChinchillaFitFullGridTest {

    @Test
    void fullReplicationGridMatchesRecordedScipyFit() {
        LawFit fit = new LawFitter(new ChinchillaLaw()).fit(ScalingData.of(ChinchillaData.replicationRuns()));
        System.out.println("full grid: " + fit);
        ChinchillaParams p = fit.chinchillaParams();
        assertEquals(4500, fit.starts());
        assertEquals(477.8259, p.A(), 5e-5 * 477.8259);
        assertEquals(2143.417, p.B(), 5e-5 * 2143.417);
        assertEquals(1.817218, p.E(), 5e-6 * 1.817218);
        assertEquals(0.3473105, p.alpha(), 5e-6 * 0.3473105);
        assertEquals(0.3671724, p.beta(), 5e-6 * 0.3671724);
        assertEquals(0.00101827401780, fit.objective(), 1e-9 * 0.00101827401780);
        ComputeOptimal.Allocation a = fit.optimal(5.76e23);
        assertEquals(17.92101, a.tokensPerParam(), 5e-6 * 17.92101);
        assertEquals(7.319044e10, a.params(), 5e-6 * 7.319044e10);
        assertEquals(1.311647e12, a.tokens(), 5e-6 * 1.311647e12);
        assertTrue(fit.startsAtBest() > 1, "starts at best " + fit.startsAtBest());
    }

    /** What {@code %scaling fit --law data-constrained} fits: U_N from the full-grid Chinchilla fit, as recorded above. */
    @Test
    void dataConstrainedBaseIsTheRecordedChinchillaFitOfTheSameRuns() {
        ScalingData data = ScalingData.of(ChinchillaData.replicationRuns());
        DataConstrainedLaw law = assertInstanceOf(DataConstrainedLaw.class,
                Laws.forData("data-constrained", data, Progress.NONE));
        ChinchillaParams base = law.base();
        assertEquals(477.8259, base.A(), 5e-5 * 477.8259);
        assertEquals(2143.417, base.B(), 5e-5 * 2143.417);
        assertEquals(1.817218, base.E(), 5e-6 * 1.817218);
        assertEquals(0.3473105, base.alpha(), 5e-6 * 0.3473105);
        assertEquals(0.3671724, base.beta(), 5e-6 * 0.3671724);
        assertInstanceOf(KaplanLaw.class, Laws.forData("kaplan-n", data, Progress.NONE));
    }

    @Test
    void tooFewRunsIsAClearError() {
        List<Run> runs = ChinchillaData.replicationRuns().subList(0, 4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LawFitter(new ChinchillaLaw()).fit(ScalingData.of(runs)));
        assertEquals("need at least 5 runs to fit the 5 parameters (a, b, e, alpha, beta) of the chinchilla law, got 4",
                e.getMessage());
    }
}

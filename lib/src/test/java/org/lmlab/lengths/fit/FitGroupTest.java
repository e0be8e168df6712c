package org.lmlab.lengths.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.fit.FitOutcome.Status;
import org.lmlab.progress.Cancellation;
import org.lmlab.reference.PythonReference;

/** Per-group fits: families that do not apply are skipped with the reason, and what still fits agrees with scipy. */
class FitGroupTest {

    private static final double[] EQUAL = filled(40, 1000);

    @AfterEach
    void reset() {
        Cancellation.reset();
    }

    private static double[] filled(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }

    private static Map<Family, FitOutcome> byFamily(List<FitOutcome> outcomes) {
        Map<Family, FitOutcome> m = new LinkedHashMap<>();
        outcomes.forEach(o -> m.put(o.family(), o));
        return m;
    }

    @Test
    void equalLengthsSkipTheShapeFamiliesInsteadOfDiverging() {
        // Before: "Weibull shape did not converge (last c=2.7e253)" for the whole command.
        assertEquals("cannot fit WEIBULL: all lengths are equal",
                assertThrows(NoMaximumLikelihoodException.class, () -> LengthFits.fit(Family.WEIBULL, EQUAL))
                        .getMessage());
        Map<Family, FitOutcome> out = byFamily(LengthFits.fitGroup(LengthFits.Criterion.AIC, List.of(), EQUAL));
        assertEquals(6, out.size());
        FitOutcome expon = out.get(Family.EXPONENTIAL);
        assertEquals(Status.FITTED, expon.status());
        assertEquals(1000, expon.fit().parameters()[0], 0);
        assertNull(expon.note());
        for (Family f : List.of(Family.LOGNORMAL, Family.GAMMA, Family.WEIBULL, Family.LOGNORMAL_MIXTURE)) {
            assertEquals(Status.SKIPPED, out.get(f).status(), f.name());
            assertEquals("cannot fit " + f + ": all lengths are equal", out.get(f).note());
        }
        assertEquals(Status.SKIPPED, out.get(Family.NEGATIVE_BINOMIAL).status());
        assertTrue(out.get(Family.NEGATIVE_BINOMIAL).note().contains("variance"), out.get(Family.NEGATIVE_BINOMIAL).note());
    }

    @Test
    void zerosSkipThePositiveFamiliesAndAllZerosSkipEverything() {
        double[] counts = {0, 3, 7, 0, 12, 5, 30, 2, 9, 0, 14, 41};
        List<FitOutcome> out = LengthFits.fitGroup(LengthFits.Criterion.AIC, null, counts);
        assertEquals(Family.NEGATIVE_BINOMIAL, out.get(0).family());
        assertEquals(Status.FITTED, out.get(0).status());
        assertEquals("3 of 12 lengths are 0; EXPONENTIAL needs positive lengths", out.get(1).note());
        assertTrue(out.stream().skip(1).allMatch(o -> o.status() == Status.SKIPPED));

        List<FitOutcome> zeros = LengthFits.fitGroup(LengthFits.Criterion.AIC, null, filled(8, 0));
        assertEquals(6, zeros.size());
        assertTrue(zeros.stream().allMatch(o -> o.status() == Status.SKIPPED), zeros.toString());
        assertEquals("8 of 8 lengths are 0; GAMMA needs positive lengths", byFamily(zeros).get(Family.GAMMA).note());
    }

    @Test
    void fractionsSkipTheNegativeBinomialAndBadValuesFailPerFamily() {
        Map<Family, FitOutcome> frac = byFamily(LengthFits.fitGroup(LengthFits.Criterion.BIC,
                List.of(Family.NEGATIVE_BINOMIAL, Family.GAMMA), 3, 4.5, 9, 20));
        assertEquals(Status.FITTED, frac.get(Family.GAMMA).status());
        assertEquals("lengths are not whole numbers (index 1: 4.5); NEGATIVE_BINOMIAL models counts",
                frac.get(Family.NEGATIVE_BINOMIAL).note());
        Map<Family, FitOutcome> bad = byFamily(LengthFits.fitGroup(LengthFits.Criterion.AIC,
                List.of(Family.GAMMA, Family.NEGATIVE_BINOMIAL), 3, -2, 4));
        assertEquals(Status.FAILED, bad.get(Family.GAMMA).status());
        assertEquals("cannot fit GAMMA: length at index 1 is -2.0; lengths must be finite and positive",
                bad.get(Family.GAMMA).note());
        assertEquals(Status.FAILED, bad.get(Family.NEGATIVE_BINOMIAL).status());
        assertEquals(Status.FAILED, LengthFits.fitGroup(LengthFits.Criterion.AIC, List.of(Family.LOGNORMAL))
                .get(0).status());
    }

    @Test
    void aRequestedStopEndsTheGroupFit() {
        Cancellation.request();
        assertThrows(Cancellation.CancelledException.class,
                () -> LengthFits.fitGroup(LengthFits.Criterion.AIC, null, 1, 2, 3, 10, 40));
        Cancellation.reset();
        assertEquals(6, LengthFits.fitGroup(LengthFits.Criterion.AIC, null, 1, 2, 3, 10, 40).size());
    }

    /** The fits that still succeed next to failing families equal scipy's, ranked as scipy's AIC ranks them. */
    @Test
    void whatStillFitsAgreesWithScipy() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.rint(Math.exp(5 + 0.8 * random.nextGaussian())) + 1;
        }
        double[] nearlyEqual = filled(39, 1000);
        nearlyEqual = Arrays.copyOf(nearlyEqual, 40);
        nearlyEqual[39] = 1001;
        Map<String, double[]> groups = Map.of("spread", x, "nearly_equal", nearlyEqual);
        String script = """
                import json, sys
                import numpy as np
                from scipy import stats
                out = {}
                for name, x in json.loads(sys.argv[1]).items():
                    x = np.asarray(x, dtype=float)
                    r = {}
                    for fam in ("expon", "lognorm", "gamma", "weibull_min"):
                        dist = getattr(stats, fam)
                        params = dist.fit(x, floc=0)
                        shapes, scale = list(params[:-2]), params[-1]
                        r[fam] = {"params": [float(v) for v in shapes + [scale]],
                                  "loglik": float(np.sum(dist.logpdf(x, *params)))}
                    out[name] = r
                print(json.dumps(out))
                """;
        JsonObject ref = new Gson().fromJson(PythonReference.run(script, new Gson().toJson(groups)), JsonObject.class);
        for (Map.Entry<String, double[]> g : groups.entrySet()) {
            List<FitOutcome> out = LengthFits.fitGroup(LengthFits.Criterion.AIC, null, g.getValue());
            double worst = 0;
            for (FitOutcome o : out) {
                if (!o.family().fittedByScipy()) {
                    continue;
                }
                assertEquals(Status.FITTED, o.status(), g.getKey() + " " + o);
                JsonObject r = ref.getAsJsonObject(g.getKey()).getAsJsonObject(o.family().scipyName());
                double ll = r.get("loglik").getAsDouble();
                // scipy's optimizer may stop short of the MLE; it must never beat ours by more than rounding
                assertTrue(o.fit().logLikelihood() >= ll - 1e-9 * Math.abs(ll), g.getKey() + " " + o.family()
                        + ": scipy logL " + ll + ", lmlab " + o.fit().logLikelihood());
                double d = Math.abs(o.fit().logLikelihood() - ll) / Math.abs(ll);
                worst = Math.max(worst, d);
                assertTrue(d <= 1e-6, g.getKey() + " " + o.family() + ": scipy " + ll + ", lmlab "
                        + o.fit().logLikelihood());
            }
            System.out.printf(Locale.ROOT, "fitGroup vs scipy, group %s: worst logL relative difference %.3g%n",
                    g.getKey(), worst);
        }
    }
}

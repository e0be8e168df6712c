package org.lmlab.model.extrapolation.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;

/**
 * The Wilson interval against statsmodels' {@code proportion_confint(count, nobs, alpha,
 * method="wilson")} (with scipy's {@code norm.isf(alpha / 2)} as z), for the trial counts a passkey
 * sweep uses and some larger ones, at 95% and 90%.
 */
class AccuracyStatsmodelsTest {

    static final String SCRIPT = """
            import json, sys
            from scipy.stats import norm
            from statsmodels.stats.proportion import proportion_confint
            cases = json.load(open(sys.argv[1]))
            out = []
            for c in cases:
                low, high = proportion_confint(c["correct"], c["trials"], alpha=c["alpha"], method="wilson")
                out.append({"low": float(low), "high": float(high)})
            print(json.dumps({"intervals": out, "z95": float(norm.isf(0.025)), "z90": float(norm.isf(0.05))}))
            """;

    @Test
    void wilsonEqualsStatsmodels() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int trials : new int[] {1, 2, 3, 5, 10, 20, 50, 100, 1000}) {
            for (int correct = 0; correct <= trials; correct += Math.max(1, trials / 7)) {
                cases.add(Map.of("correct", correct, "trials", trials, "alpha", 0.05));
                cases.add(Map.of("correct", correct, "trials", trials, "alpha", 0.10));
            }
            cases.add(Map.of("correct", trials, "trials", trials, "alpha", 0.05));
        }
        JsonObject reference = PythonReference.runOnJson(SCRIPT, cases);
        assertEquals(reference.get("z95").getAsDouble(), Accuracy.Z95, 0.0);
        double z90 = reference.get("z90").getAsDouble();
        JsonArray intervals = reference.getAsJsonArray("intervals");
        double worst = 0;
        for (int i = 0; i < cases.size(); i++) {
            int correct = (int) cases.get(i).get("correct");
            int trials = (int) cases.get(i).get("trials");
            boolean ninety = (double) cases.get(i).get("alpha") == 0.10;
            Accuracy ours = ninety ? Accuracy.wilson(correct, trials, z90, 0.90) : Accuracy.of(correct, trials);
            JsonObject theirs = intervals.get(i).getAsJsonObject();
            String what = correct + "/" + trials + (ninety ? " at 90%" : " at 95%");
            assertEquals(theirs.get("low").getAsDouble(), ours.low(), 1e-12, what);
            assertEquals(theirs.get("high").getAsDouble(), ours.high(), 1e-12, what);
            worst = Math.max(worst, Math.max(Math.abs(theirs.get("low").getAsDouble() - ours.low()),
                    Math.abs(theirs.get("high").getAsDouble() - ours.high())));
        }
        System.out.println(cases.size() + " Wilson intervals, max |difference| from statsmodels " + worst
                + "; 3/3 = " + Accuracy.of(3, 3) + ", 0/3 = " + Accuracy.of(0, 3));
    }

    @Test
    void badCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Accuracy.of(4, 3));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.of(-1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Accuracy.of(0, 0));
        assertEquals("need 0 <= correct <= trials and trials >= 1, got 0 of 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Accuracy.wilson(1, 2, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.wilson(1, 2, 1.96, 1.0));
        assertEquals("2/4 = 0.500 [0.150, 0.850] (95% Wilson)", Accuracy.of(2, 4).toString());
    }
}

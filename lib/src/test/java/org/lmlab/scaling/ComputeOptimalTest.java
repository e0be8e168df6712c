package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ComputeOptimalTest {

    @Test
    void allocationSpendsTheBudgetAndMatchesProvenanceTable() {
        // Hoffmann et al. rounded parameters; PROVENANCE.md: N_opt 3.2190e10, D_opt 2.9823e12, D/N 92.65.
        ComputeOptimal opt = new ComputeOptimal(ChinchillaParams.ofNatural(406.4, 410.7, 1.69, 0.34, 0.28));
        ComputeOptimal.Allocation a = opt.at(5.76e23);
        assertEquals(5.76e23, 6 * a.params() * a.tokens(), 1e-12 * 5.76e23);
        assertEquals(3.2190e10, a.params(), 5e-5 * 3.2190e10);
        assertEquals(2.9823e12, a.tokens(), 5e-5 * 2.9823e12);
        assertEquals(92.65, a.tokensPerParam(), 0.005);
    }

    @Test
    void allocationMinimisesLossOnTheIsoFlopCurve() {
        ChinchillaParams p = ChinchillaParams.ofNatural(477.8, 2143.4, 1.817, 0.3473, 0.3672);
        ComputeOptimal.Allocation a = new ComputeOptimal(p).at(1e22);
        double best = p.predict(a.params(), a.tokens());
        for (double f : new double[] {0.98, 1.02}) {
            double n = a.params() * f;
            assertEquals(true, p.predict(n, 1e22 / (6 * n)) > best);
        }
    }

    @Test
    void rejectsBadInput() {
        ChinchillaParams flat = ChinchillaParams.ofNatural(400, 400, 1.7, 0, 0.3);
        assertThrows(IllegalArgumentException.class, () -> new ComputeOptimal(flat));
        ComputeOptimal opt = new ComputeOptimal(ChinchillaParams.ofNatural(400, 400, 1.7, 0.3, 0.3));
        assertThrows(IllegalArgumentException.class, () -> opt.at(0));
        assertThrows(IllegalArgumentException.class, () -> opt.at(Double.NaN));
    }
}

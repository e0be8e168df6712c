package org.lmlab.lengths.castillo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.stats.QuantileMethod;

/**
 * Which conventions CASTILLO's stored per-prompt statistics use: recompute them from
 * {@code output_sizes} for all 14,121 rows, round as upstream does ({@code round(x, 2)} for mean and
 * std, {@code round(x, 3)} for percentiles: Python rounds the exact binary value half-to-even, as
 * {@link BigDecimal} does here) and count the rows each convention reproduces.
 */
class CastilloConventionTest {

    private static List<CastilloRow> rows;

    @BeforeAll
    static void read() {
        rows = CastilloReader.read(CastilloReaderTest.CASTILLO);
    }

    @Test
    void storedMeanIsTheMeanOnEveryRow() {
        for (CastilloRow r : rows) {
            assertEquals(r.storedMean(), round(LengthStats.of(r.outputSizes()).mean(), 2), r.source());
        }
    }

    @Test
    void storedStdIsThePopulationSdOnEveryRowAndNotTheSampleSd() {
        int sampleMatches = 0;
        int nonConstant = 0;
        for (CastilloRow r : rows) {
            LengthStats s = LengthStats.of(r.outputSizes());
            assertEquals(r.storedStd(), round(s.sd(Dispersion.POPULATION), 2), r.source());
            if (s.max() > s.min()) {
                nonConstant++;
                if (round(s.sd(Dispersion.SAMPLE), 2) == r.storedStd()) {
                    sampleMatches++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "CASTILLO output_std: population SD matches %d/%d rows; sample SD matches %d of"
                + " %d non-constant rows%n", rows.size(), rows.size(), sampleMatches, nonConstant);
        assertEquals(0, sampleMatches);
    }

    @Test
    void storedPercentilesAreNumpyLinearOnEveryRowAndNoOtherMethodIs() {
        for (QuantileMethod m : QuantileMethod.values()) {
            int matches = 0;
            for (CastilloRow r : rows) {
                LengthStats s = LengthStats.of(r.outputSizes());
                boolean all = true;
                for (int q : CastilloRow.StoredPercentiles.levels()) {
                    all &= r.storedPercentiles().get(q) == round(s.percentile(q, m), 3);
                }
                if (all) {
                    matches++;
                }
            }
            System.out.printf(Locale.ROOT, "CASTILLO output_percentiles: %-8s reproduces %5d/%d rows%n", m, matches,
                    rows.size());
            if (m == QuantileMethod.LINEAR) {
                assertEquals(rows.size(), matches);
            } else {
                assertTrue(matches < rows.size() / 2, m + " reproduces " + matches + " rows");
            }
        }
    }

    /** Python's {@code round(x, digits)}: the exact binary value, rounded half-to-even. */
    static double round(double x, int digits) {
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    }
}

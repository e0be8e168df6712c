package org.lmlab.lengths.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.lengths.fit.Family;
import org.lmlab.lengths.fit.FitOutcome;
import org.lmlab.lengths.fit.FittedDistribution;
import org.lmlab.lengths.fit.LengthFits;
import org.lmlab.table.Table;
import org.lmlab.table.RowGroups;
import org.lmlab.table.TableColumns;

/**
 * Maximum-likelihood fits per group of a length table ({@link LengthFits#fitGroup}): one row per
 * (group, family) with family, status, note, parameters, n, loglik, aic, bic, ks, ks_p_asymp and
 * rank (1: the group's best fitted family by the criterion). Families skipped or failed on a group
 * keep their row with the reason in note; a group whose lengths cannot be read (a null or text
 * cell) gets one failed row and the other groups are fitted.
 *
 * @param value     the length column
 * @param by        the key columns (empty: one group of every row)
 * @param criterion what ranks the fits
 * @param families  the families to fit; null for every family that applies
 */
public record FitRequest(String value, List<String> by, LengthFits.Criterion criterion, List<Family> families) {

    private static final List<String> NUMBERS = List.of("loglik", "aic", "bic", "ks", "ks_p_asymp");

    public FitRequest {
        by = List.copyOf(by);
        families = families == null ? null : List.copyOf(families);
    }

    /** The fits of {@code table}'s groups. */
    public Table run(Table table, BufferAllocator allocator, String source) {
        ResultRows result = new ResultRows(by).declare(Double.class, NUMBERS.toArray(String[]::new))
                .declare(Integer.class, "rank");
        for (RowGroups.Group g : RowGroups.of(table, by)) {
            double[] x;
            try {
                x = TableColumns.numbers(table, value, g.rows());
            } catch (IllegalArgumentException e) {
                // a null or text cell spoils this group only; the others are still fitted
                result.add(g.key(), row(null, "failed", e.getMessage(), g.rows().size()));
                continue;
            }
            int rank = 1;
            for (FitOutcome o : LengthFits.fitGroup(criterion, families, x)) {
                Map<String, Object> row = row(o.family().name().toLowerCase(Locale.ROOT),
                        o.status().name().toLowerCase(Locale.ROOT), o.note(), x.length);
                FittedDistribution f = o.fit();
                if (f != null) {
                    row.put("parameters", f.parameterMap().toString());
                    row.put("loglik", f.logLikelihood());
                    row.put("aic", f.aic());
                    row.put("bic", f.bic());
                    row.put("ks", f.ks());
                    row.put("ks_p_asymp", f.ksPValueAsymptotic());
                    row.put("rank", rank++);
                }
                result.add(g.key(), row);
            }
        }
        return result.build(allocator, source);
    }

    /** Every column in a fixed order, so a table whose groups all failed still has the numeric columns typed. */
    private static Map<String, Object> row(String family, String status, String note, int n) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("family", family);
        row.put("status", status);
        row.put("note", note);
        row.put("parameters", null);
        row.put("n", n);
        for (String c : NUMBERS) {
            row.put(c, null);
        }
        row.put("rank", null);
        return row;
    }
}

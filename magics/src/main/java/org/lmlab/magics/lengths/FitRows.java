package org.lmlab.magics.lengths;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.lengths.fit.FitOutcome;
import org.lmlab.lengths.fit.FittedDistribution;

/** The rows of {@code %lengths fit}: one per (group, family), skipped and failed families included with why. */
final class FitRows {

    private FitRows() {
    }

    /** Declares the numeric columns' types, for a table in which no family was fitted. */
    static LengthsTables.Result declare(LengthsTables.Result result) {
        return result.declare(Double.class, "loglik", "aic", "bic", "ks", "ks_p_asymp").declare(Integer.class, "rank");
    }

    /** Adds a group's outcomes; fitted families carry their rank, the others a status and a note. */
    static void add(LengthsTables.Result result, List<String> key, int n, List<FitOutcome> outcomes) {
        int rank = 1;
        for (FitOutcome o : outcomes) {
            Map<String, Object> row = row(o.family().name().toLowerCase(Locale.ROOT),
                    o.status().name().toLowerCase(Locale.ROOT), o.note(), n);
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
            result.add(key, row);
        }
    }

    /** One row for a group whose lengths could not be read (a null or text cell). */
    static Map<String, Object> groupFailed(int n, String reason) {
        return row(null, "failed", reason, n);
    }

    /** Every column in a fixed order, so a table whose groups all failed still has the numeric columns typed. */
    private static Map<String, Object> row(String family, String status, String note, int n) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("family", family);
        row.put("status", status);
        row.put("note", note);
        row.put("parameters", null);
        row.put("n", n);
        for (String c : List.of("loglik", "aic", "bic", "ks", "ks_p_asymp")) {
            row.put(c, null);
        }
        row.put("rank", null);
        return row;
    }
}

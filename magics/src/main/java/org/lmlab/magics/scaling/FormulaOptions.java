package org.lmlab.magics.scaling;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.scaling.formula.FormulaSpec;
import picocli.CommandLine.Option;

/** {@code %scaling fit --formula TEXT [--var NAME=COL …] [--start NAME=v1,v2 …] [--bound NAME=LO:HI …]}: a custom law. */
final class FormulaOptions {

    static final String USAGE = "%scaling fit --formula \"E + A/N^alpha + B/D^beta\" --table NAME [--var N=COL ...] "
            + "[--start alpha=0.1,0.5,1 ...] [--bound alpha=0:2 ...] [--target COL]";

    @Option(names = "--formula", paramLabel = "TEXT", description = "A custom law to fit instead of --law, e.g. "
            + "\"E + A/N^alpha + B/D^beta\" (quote it); see below.")
    String formula;

    @Option(names = "--var", paramLabel = "NAME=COL", description = "Map a variable of the formula to a column (repeatable); "
            + "a name equal to a column is that column, N and D default to the --params and --tokens columns.")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--start", paramLabel = "NAME=V1,V2", description = "Start values of a formula parameter (repeatable); "
            + "the fit starts from every combination. Default: 0.1,0.5,1 for exponents, 1,10,100 for the others.")
    Map<String, String> starts = new LinkedHashMap<>();

    @Option(names = "--bound", paramLabel = "NAME=LO:HI", description = "Keep a formula parameter within [LO, HI] "
            + "(repeatable); leave a side empty for none (alpha=0: is alpha >= 0). The fit is a bounded L-BFGS; a "
            + "parameter that ends on its bound is named under the fit.")
    Map<String, String> bounds = new LinkedHashMap<>();

    boolean given() {
        return formula != null;
    }

    /** The spec for the table's columns named in {@code runs}; usage errors for unreadable start values. */
    FormulaSpec spec(RunsOptions runs) throws MagicUsageException {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : starts.entrySet()) {
            String[] items = e.getValue().split(",");
            double[] v = new double[items.length];
            for (int i = 0; i < items.length; i++) {
                try {
                    v[i] = Double.parseDouble(items[i].strip());
                } catch (NumberFormatException x) {
                    v[i] = Double.NaN;
                }
                if (!Double.isFinite(v[i])) {
                    throw new MagicUsageException("--start " + e.getKey() + "=" + e.getValue() + ": '" + items[i].strip()
                            + "' is not a finite number; give a comma list such as " + e.getKey() + "=0.1,0.5,1", USAGE);
                }
            }
            values.put(e.getKey(), v);
        }
        return new FormulaSpec(formula, variables, runs.loss, values, runs.params, runs.tokens, bounds());
    }

    /** {@code --bound} values as {lower, upper}; usage errors for anything but two numbers (or empty sides) with LO <= HI. */
    private Map<String, double[]> bounds() throws MagicUsageException {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : bounds.entrySet()) {
            String[] sides = e.getValue().split(":", -1);
            double[] b = sides.length == 2 ? new double[] {side(sides[0], Double.NEGATIVE_INFINITY),
                side(sides[1], Double.POSITIVE_INFINITY)} : null;
            if (b == null || Double.isNaN(b[0]) || Double.isNaN(b[1]) || b[0] > b[1]) {
                throw new MagicUsageException("--bound " + e.getKey() + "=" + e.getValue() + ": give LO:HI with LO <= HI, "
                        + "either side empty for none, such as " + e.getKey() + "=0:2 or " + e.getKey() + "=0:", USAGE);
            }
            values.put(e.getKey(), b);
        }
        return values;
    }

    /** A side of a bound: empty for {@code none}, else a number (NaN when unreadable). */
    private static double side(String text, double none) {
        if (text.isBlank()) {
            return none;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException x) {
            return Double.NaN;
        }
    }
}

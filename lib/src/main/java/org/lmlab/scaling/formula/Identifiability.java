package org.lmlab.scaling.formula;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;

/**
 * Catches parameters the runs cannot determine before any fitting: the derivatives of the log
 * predictions in each parameter, over all runs, form the columns of a Jacobian; a zero column (the
 * parameter changes nothing) or a column that is a combination of earlier ones (e.g. {@code A/P^alpha}
 * with P meant as a variable but left unmapped: E, A, P and alpha then act only through the constant
 * {@code E + A/P^alpha}) is reported, at the position of the base of a power among the parameters
 * involved (the likely variable), else of the last of them. Structural dependence holds at every point, so it is tested
 * at one generic point (θ_k = 0.5 + 0.1k, else the grid's starts) where all predictions are finite;
 * formulas with min or max are skipped, as a branch not taken has a zero derivative there.
 */
public final class Identifiability {

    /** A column whose remainder after removing the earlier ones is below this fraction of its norm is dependent. */
    static final double TOLERANCE = 1e-9;

    private Identifiability() {
    }

    /** @throws FormulaException at a parameter the runs cannot determine */
    public static void check(FormulaLaw law, ScalingData data) {
        if (usesMinOrMax(law.formula().root())) {
            return;
        }
        double[][] columns = jacobian(law, data);
        if (columns == null) {
            return;
        }
        List<String> names = law.parameterNames();
        for (int k = 0; k < columns.length; k++) {
            if (norm(columns[k]) == 0) {
                throw law.formula().errorAt(names.get(k), "parameter " + names.get(k) + " does not change the "
                        + "predictions of any run" + hint(names.get(k)));
            }
        }
        List<Integer> all = IntStream.range(0, columns.length).boxed().toList();
        int rank = rank(columns, all);
        if (rank == columns.length) {
            return;
        }
        // the parameters in a dependency: leaving one out keeps the rank
        List<String> involved = new ArrayList<>();
        for (int k = 0; k < columns.length; k++) {
            int left = k;
            if (rank(columns, all.stream().filter(j -> j != left).toList()) == rank) {
                involved.add(names.get(k));
            }
        }
        // name the one most likely meant as a variable: the base of a power (A/P^alpha), else the last
        List<String> bases = law.formula().root().descendants()
                .filter(n -> n instanceof Node.Binary bin && bin.op() == '^' && bin.left() instanceof Node.Name)
                .map(n -> ((Node.Name) ((Node.Binary) n).left()).name()).toList();
        String culprit = involved.stream().filter(bases::contains).findFirst().orElse(involved.get(involved.size() - 1));
        throw law.formula().errorAt(culprit, "parameters " + String.join(", ", involved) + " cannot all be determined "
                + "by these runs: the predictions depend on them through fewer combinations than there are parameters"
                + hint(culprit));
    }

    /** Rank of the given columns by Gram-Schmidt (twice per column), relative tolerance {@link #TOLERANCE}. */
    private static int rank(double[][] columns, List<Integer> which) {
        List<double[]> basis = new ArrayList<>();
        for (int k : which) {
            double[] v = columns[k].clone();
            double norm = norm(v);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    double c = dot(q, v);
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= c * q[i];
                    }
                }
            }
            double rest = norm(v);
            if (rest > TOLERANCE * norm) {
                for (int i = 0; i < v.length; i++) {
                    v[i] /= rest;
                }
                basis.add(v);
            }
        }
        return basis.size();
    }

    private static String hint(String name) {
        return "; if " + name + " is a variable, map it to a column (" + name + "=COLUMN)";
    }

    /** Columns ∂ log L̂_i/∂θ_k at the first trial point where every run's value is finite; null if none. */
    private static double[][] jacobian(FormulaLaw law, ScalingData data) {
        int p = law.parameterCount();
        List<double[]> points = new ArrayList<>();
        double[] generic = new double[p];
        for (int k = 0; k < p; k++) {
            generic[k] = 0.5 + 0.1 * k;
        }
        points.add(generic);
        points.addAll(law.refitStarts());
        for (int i = 0; i < Math.min(law.startCount(), 64); i++) {
            points.add(law.start(i));
        }
        double[] g = new double[p];
        for (double[] theta : points) {
            double[][] columns = new double[p][data.size()];
            boolean finite = true;
            for (int i = 0; i < data.size() && finite; i++) {
                Run r = data.runs().get(i);
                finite = Double.isFinite(law.logPredict(theta, r.params(), r.tokens(), r.tokens(), g));
                for (int k = 0; k < p; k++) {
                    finite &= Double.isFinite(g[k]);
                    columns[k][i] = g[k];
                }
            }
            if (finite) {
                return columns;
            }
        }
        return null;
    }

    private static boolean usesMinOrMax(Node root) {
        return root.descendants().anyMatch(n -> n instanceof Node.Call call
                && (call.function() == Function.MIN || call.function() == Function.MAX));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}

package org.lmlab.scaling.formula;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.scaling.Bounds;
import org.lmlab.scaling.ScalingLaw;

/**
 * A user's formula as a {@link ScalingLaw}: {@code L̂ = f(θ; x₁[, x₂])} with up to two variables,
 * carried in the runs' params and tokens slots (x₁ in params, x₂ in tokens), and the remaining names
 * as parameters, fitted as they are written (no log coordinates: write {@code exp(a)} for a
 * parameter that must stay positive). {@code log L̂} and its gradient come from the exact
 * reverse-mode derivative of the {@link Program}; where {@code L̂ ≤ 0} the prediction is NaN, which
 * the optimiser treats as outside the domain.
 */
public final class FormulaLaw implements ScalingLaw {

    /** Default start values of a parameter written as an exponent ({@code x^p} or {@code x^-p}). */
    public static final double[] EXPONENT_STARTS = {0.1, 0.5, 1};
    /** Default start values of any other parameter. */
    public static final double[] OTHER_STARTS = {1, 10, 100};
    /** More starts than this is refused (product of the per-parameter counts). */
    public static final int MAX_STARTS = 1_000_000;

    private final Formula formula;
    private final List<String> variables;
    private final List<String> columns;
    private final List<String> parameters;
    private final double[][] starts;
    private final int startCount;
    private final Bounds bounds;
    private final Program program;
    /** Per-thread work arrays: the law is shared by the parallel starts and bootstrap workers. */
    private final ThreadLocal<Scratch> scratch;

    private record Scratch(double[] vars, double[] work) {
    }

    /**
     * @param variables one or two variable names of {@code formula}, in slot order (params, tokens)
     * @param columns   the table column of each variable (for display)
     * @param starts    start values per parameter; parameters not given get {@link #defaultStarts}
     * @throws FormulaException for a start of a name that is not a parameter, or too many starts
     */
    public FormulaLaw(Formula formula, List<String> variables, List<String> columns, Map<String, double[]> starts) {
        this(formula, variables, columns, starts, Map.of());
    }

    /**
     * As {@link #FormulaLaw(Formula, List, List, Map)}, with {@code bounds}: per parameter {@code {lower, upper}}
     * (infinite for none), kept by the fit (a bounded L-BFGS; an unbounded parameter is fitted as before).
     * Default starts outside a bound are moved onto it; a start the user gave outside its bound is an error.
     *
     * @throws IllegalArgumentException for a bound of a name that is not a parameter, an empty or non-numeric
     *                                  bound, or a given start outside its bound
     */
    public FormulaLaw(Formula formula, List<String> variables, List<String> columns, Map<String, double[]> starts,
                      Map<String, double[]> bounds) {
        if (variables.isEmpty() || variables.size() > 2 || columns.size() != variables.size()) {
            throw new IllegalArgumentException("a formula law takes one or two variables, each with a column; got "
                    + variables + " -> " + columns);
        }
        this.formula = formula;
        this.variables = List.copyOf(variables);
        this.columns = List.copyOf(columns);
        this.parameters = formula.parameters(variables);
        if (parameters.isEmpty()) {
            throw new FormulaException(formula.text(), 1, "the formula has no parameter to fit: every name is a variable ("
                    + String.join(", ", variables) + ")");
        }
        Map<String, double[]> defaults = defaultStarts(formula, variables);
        for (String name : starts.keySet()) {
            if (!parameters.contains(name)) {
                throw variables.contains(name)
                        ? formula.errorAt(name, name + " is a variable, not a parameter; starts are for parameters ("
                                + String.join(", ", parameters) + ")")
                        : new IllegalArgumentException("start values for '" + name + "', which is not a parameter of the "
                                + "formula; its parameters are " + String.join(", ", parameters));
            }
        }
        this.bounds = bounds(formula, variables, parameters, bounds);
        this.starts = new double[parameters.size()][];
        long count = 1;
        for (int k = 0; k < parameters.size(); k++) {
            String name = parameters.get(k);
            double[] s = starts.getOrDefault(name, defaults.get(name)).clone();
            if (s.length == 0) {
                throw formula.errorAt(name, "no start values for " + name);
            }
            if (this.bounds != null) {
                double lo = this.bounds.lower()[k];
                double hi = this.bounds.upper()[k];
                for (int i = 0; i < s.length; i++) {
                    if (starts.containsKey(name) && (s[i] < lo || s[i] > hi)) {
                        throw new IllegalArgumentException("start " + s[i] + " of " + name + " is outside its bound ["
                                + lo + ", " + hi + "]");
                    }
                    s[i] = Math.min(hi, Math.max(lo, s[i]));
                }
                s = Arrays.stream(s).distinct().toArray(); // defaults moved onto a bound may coincide
            }
            this.starts[k] = s;
            count *= s.length;
        }
        if (count > MAX_STARTS) {
            throw new IllegalArgumentException("the start grid has " + count + " points (more than " + MAX_STARTS
                    + "); give fewer start values");
        }
        this.startCount = (int) count;
        this.program = formula.compile(variables);
        int size = program.workSize();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(new double[2], new double[size]));
    }

    /** The box of the parameters (null when no parameter has a bound). */
    private static Bounds bounds(Formula formula, List<String> variables, List<String> parameters,
                                 Map<String, double[]> given) {
        if (given.isEmpty()) {
            return null;
        }
        double[] lo = new double[parameters.size()];
        double[] hi = new double[parameters.size()];
        Arrays.fill(lo, Double.NEGATIVE_INFINITY);
        Arrays.fill(hi, Double.POSITIVE_INFINITY);
        for (Map.Entry<String, double[]> e : given.entrySet()) {
            String name = e.getKey();
            int k = parameters.indexOf(name);
            if (k < 0) {
                throw variables.contains(name)
                        ? formula.errorAt(name, name + " is a variable, not a parameter; bounds are for parameters ("
                                + String.join(", ", parameters) + ")")
                        : new IllegalArgumentException("a bound for '" + name + "', which is not a parameter of the "
                                + "formula; its parameters are " + String.join(", ", parameters));
            }
            double[] b = e.getValue();
            if (b.length != 2 || Double.isNaN(b[0]) || Double.isNaN(b[1]) || b[0] > b[1]
                    || b[0] == Double.POSITIVE_INFINITY || b[1] == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("the bound of " + name + " must be LOWER <= UPPER, numbers or "
                        + "infinite; got " + Arrays.toString(b));
            }
            lo[k] = b[0];
            hi[k] = b[1];
        }
        return new Bounds(lo, hi);
    }

    /**
     * Default starts: {@link #EXPONENT_STARTS} for a parameter that is (or is minus) the exponent of a
     * power somewhere in the formula, {@link #OTHER_STARTS} for the rest.
     */
    public static Map<String, double[]> defaultStarts(Formula formula, List<String> variables) {
        List<String> exponents = formula.root().descendants()
                .filter(n -> n instanceof Node.Binary bin && bin.op() == '^')
                .map(n -> ((Node.Binary) n).right())
                .map(e -> e instanceof Node.Neg neg ? neg.operand() : e)
                .filter(e -> e instanceof Node.Name).map(e -> ((Node.Name) e).name()).toList();
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String p : formula.parameters(variables)) {
            m.put(p, exponents.contains(p) ? EXPONENT_STARTS.clone() : OTHER_STARTS.clone());
        }
        return m;
    }

    public Formula formula() {
        return formula;
    }

    /** Variable names in slot order (the first in the runs' params, the second in their tokens). */
    public List<String> variables() {
        return variables;
    }

    /** The table column of each variable. */
    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public String name() {
        return "formula";
    }

    /** The parameters' box, or null when none was given. */
    @Override
    public Bounds bounds() {
        return bounds;
    }


    @Override
    public List<String> parameterNames() {
        return parameters;
    }

    /** The formula's value (not its log) at {@code theta}, with {@code ∂f/∂θ} written into {@code gradient} if not null. */
    public double value(double[] theta, double params, double tokens, double[] gradient) {
        Scratch s = scratch.get();
        s.vars[0] = params;
        s.vars[1] = tokens;
        return program.evaluate(theta, s.vars, gradient, s.work);
    }

    @Override
    public double logPredict(double[] theta, double params, double tokens, double uniqueTokens, double[] gradient) {
        double f = value(theta, params, tokens, gradient);
        if (!(f > 0) || Double.isInfinite(f)) {
            if (gradient != null) {
                Arrays.fill(gradient, Double.NaN);
            }
            return Double.NaN;
        }
        if (gradient != null) {
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] /= f;
            }
        }
        return Math.log(f);
    }

    /** {@code L(N, D) = 1.817 + 477.8/N^0.3473 + 2143/D^0.3672}: the formula with the fitted numbers. */
    @Override
    public String formula(double[] theta) {
        return "L(" + String.join(", ", variables) + ") = " + formula.print(naturalParameters(theta));
    }

    @Override
    public Map<String, Double> naturalParameters(double[] theta) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < parameters.size(); k++) {
            m.put(parameters.get(k), theta[k]);
        }
        return m;
    }

    @Override
    public int startCount() {
        return startCount;
    }

    /** The i-th point of the start grid, the last parameter varying fastest (as {@code itertools.product}). */
    @Override
    public double[] start(int i) {
        if (i < 0 || i >= startCount) {
            throw new IndexOutOfBoundsException("start " + i + " of " + startCount);
        }
        double[] t = new double[starts.length];
        for (int k = starts.length - 1; k >= 0; k--) {
            t[k] = starts[k][i % starts[k].length];
            i /= starts[k].length;
        }
        return t;
    }

    /** One refit start besides the full-data optimum: the middle value of each parameter's starts. */
    @Override
    public List<double[]> refitStarts() {
        double[] t = new double[starts.length];
        for (int k = 0; k < starts.length; k++) {
            t[k] = starts[k][starts[k].length / 2];
        }
        return List.<double[]>of(t);
    }
}

package org.lmlab.scaling.formula;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A formula compiled to a flat list of operations (post-order: every operand before its user), with
 * its exact gradient in the parameters by reverse-mode differentiation: a forward sweep computes
 * every node's value, a backward sweep accumulates {@code ∂f/∂node} from the root down through each
 * operation's local derivatives. Only nodes that depend on a parameter take part in the backward
 * sweep, so {@code x^2} with x a variable never needs {@code log x}. Immutable and thread-safe; the
 * caller provides the work array.
 */
public final class Program {

    private static final int CONST = 0;
    private static final int VAR = 1;
    private static final int PARAM = 2;
    private static final int NEG = 3;
    private static final int ADD = 4;
    private static final int SUB = 5;
    private static final int MUL = 6;
    private static final int DIV = 7;
    private static final int POW = 8;
    private static final int EXP = 9;
    private static final int LOG = 10;
    private static final int SQRT = 11;
    private static final int MIN = 12;
    private static final int MAX = 13;

    private final int[] op;
    private final int[] left;
    private final int[] right;
    /** Variable slot or parameter index (VAR, PARAM), else unused. */
    private final int[] index;
    private final double[] constant;
    private final boolean[] dependsOnParameters;
    private final int parameterCount;

    private Program(List<int[]> code, List<Double> constants, int parameterCount) {
        int n = code.size();
        op = new int[n];
        left = new int[n];
        right = new int[n];
        index = new int[n];
        constant = new double[n];
        dependsOnParameters = new boolean[n];
        for (int i = 0; i < n; i++) {
            int[] c = code.get(i);
            op[i] = c[0];
            left[i] = c[1];
            right[i] = c[2];
            index[i] = c[3];
            constant[i] = constants.get(i);
            dependsOnParameters[i] = op[i] == PARAM || c[1] >= 0 && dependsOnParameters[c[1]]
                    || c[2] >= 0 && dependsOnParameters[c[2]];
        }
        this.parameterCount = parameterCount;
    }

    /**
     * Compiles {@code root}; every name must be in {@code variables} (slot) or {@code parameters}
     * (index in theta).
     */
    static Program compile(Node root, Map<String, Integer> variables, Map<String, Integer> parameters) {
        List<int[]> code = new ArrayList<>();
        List<Double> constants = new ArrayList<>();
        emit(root, variables, parameters, code, constants);
        return new Program(code, constants, parameters.size());
    }

    private static int emit(Node node, Map<String, Integer> vars, Map<String, Integer> params, List<int[]> code,
                            List<Double> constants) {
        int l = -1;
        int r = -1;
        int opcode;
        int idx = -1;
        double value = 0;
        if (node instanceof Node.Num num) {
            opcode = CONST;
            value = num.value();
        } else if (node instanceof Node.Name name) {
            Integer slot = vars.get(name.name());
            opcode = slot != null ? VAR : PARAM;
            idx = slot != null ? slot : params.get(name.name());
        } else if (node instanceof Node.Neg neg) {
            opcode = NEG;
            l = emit(neg.operand(), vars, params, code, constants);
        } else if (node instanceof Node.Binary bin) {
            l = emit(bin.left(), vars, params, code, constants);
            r = emit(bin.right(), vars, params, code, constants);
            opcode = switch (bin.op()) {
                case '+' -> ADD;
                case '-' -> SUB;
                case '*' -> MUL;
                case '/' -> DIV;
                case '^' -> POW;
                default -> throw new IllegalStateException("operator " + bin.op());
            };
        } else {
            Node.Call call = (Node.Call) node;
            l = emit(call.args().get(0), vars, params, code, constants);
            if (call.args().size() > 1) {
                r = emit(call.args().get(1), vars, params, code, constants);
            }
            opcode = switch (call.function()) {
                case EXP -> EXP;
                case LOG -> LOG;
                case SQRT -> SQRT;
                case MIN -> MIN;
                case MAX -> MAX;
            };
        }
        code.add(new int[] {opcode, l, r, idx});
        constants.add(value);
        return code.size() - 1;
    }

    /** Length of the work array {@link #evaluate} needs. */
    public int workSize() {
        return 2 * op.length;
    }

    public int parameterCount() {
        return parameterCount;
    }

    /**
     * The formula's value at parameters {@code theta} and variable values {@code vars} (by slot);
     * when {@code gradient} is not null, writes {@code ∂f/∂theta} into it.
     *
     * @param work at least {@link #workSize()} long; overwritten
     */
    public double evaluate(double[] theta, double[] vars, double[] gradient, double[] work) {
        int n = op.length;
        for (int i = 0; i < n; i++) {
            work[i] = forward(i, theta, vars, work);
        }
        double f = work[n - 1];
        if (gradient != null) {
            Arrays.fill(gradient, 0);
            Arrays.fill(work, n, 2 * n, 0);
            work[2 * n - 1] = 1;
            for (int i = n - 1; i >= 0; i--) {
                if (dependsOnParameters[i]) {
                    backward(i, work, n, gradient);
                }
            }
        }
        return f;
    }

    private double forward(int i, double[] theta, double[] vars, double[] v) {
        double x = left[i] >= 0 ? v[left[i]] : 0;
        double y = right[i] >= 0 ? v[right[i]] : 0;
        return switch (op[i]) {
            case CONST -> constant[i];
            case VAR -> vars[index[i]];
            case PARAM -> theta[index[i]];
            case NEG -> -x;
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case MIN -> x <= y ? x : y;
            case MAX -> x >= y ? x : y;
            default -> throw new IllegalStateException("opcode " + op[i]);
        };
    }

    /** Adds node i's adjoint (at work[n + i]) times its local derivatives to its operands' adjoints. */
    private void backward(int i, double[] w, int n, double[] gradient) {
        double adj = w[n + i];
        if (adj == 0) {
            return;
        }
        int a = left[i];
        int b = right[i];
        double value = w[i];
        switch (op[i]) {
            case PARAM -> gradient[index[i]] += adj;
            case NEG -> w[n + a] -= adj;
            case ADD -> {
                w[n + a] += adj;
                w[n + b] += adj;
            }
            case SUB -> {
                w[n + a] += adj;
                w[n + b] -= adj;
            }
            case MUL -> {
                w[n + a] += adj * w[b];
                w[n + b] += adj * w[a];
            }
            case DIV -> {
                w[n + a] += adj / w[b];
                w[n + b] -= adj * value / w[b];
            }
            case POW -> {
                double x = w[a];
                double y = w[b];
                if (dependsOnParameters[a]) {
                    // d/dx x^y = y x^(y−1); value/x avoids a second pow except at x = 0
                    w[n + a] += adj * (x != 0 ? y * value / x : y * Math.pow(x, y - 1));
                }
                if (dependsOnParameters[b]) {
                    w[n + b] += adj * value * Math.log(x);
                }
            }
            case EXP -> w[n + a] += adj * value;
            case LOG -> w[n + a] += adj / w[a];
            case SQRT -> w[n + a] += adj * 0.5 / value;
            case MIN, MAX -> {
                // the derivative of the argument chosen (the first on ties)
                boolean first = op[i] == MIN ? w[a] <= w[b] : w[a] >= w[b];
                w[n + (first ? a : b)] += adj;
            }
            default -> {
                // CONST and VAR never depend on a parameter
            }
        }
    }
}

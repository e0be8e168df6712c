package org.lmlab.scaling.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.scaling.Run;
import org.lmlab.table.Table;

/** Which names are variables, which parameters, and the errors of a formula that does not fit the table. */
class FormulaSpecTest {

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    private Table runs() {
        return Table.builder(allocator, "runs").float64("params", 1e8, 2e8, 4e8, 8e8, 1.6e9, 3.2e9)
                .float64("tokens", 2e9, 3e9, 9e9, 1e10, 4e10, 5e10).float64("loss", 3.1, 2.9, 2.7, 2.6, 2.4, 2.35)
                .float64("V", 3e4, 3e4, 5e4, 5e4, 1e5, 1e5).float64("zero", 1.0, 0.0, 1.0, 1.0, 1.0, 1.0).build();
    }

    private FormulaSpec.Bound bind(FormulaSpec spec) {
        try (Table t = runs()) {
            return spec.bind(t, "runs");
        }
    }

    private String error(FormulaSpec spec) {
        return assertThrows(IllegalArgumentException.class, () -> bind(spec)).getMessage();
    }

    private String error(String formula) {
        return error(FormulaSpec.of(formula));
    }

    @Test
    void nAndDStandForTheParamsAndTokensColumns() {
        FormulaSpec.Bound b = bind(FormulaSpec.of("E + A/N^alpha + B/D^beta"));
        assertEquals(List.of("N", "D"), b.law().variables());
        assertEquals(List.of("params", "tokens"), b.law().columns());
        assertEquals(List.of("E", "A", "alpha", "B", "beta"), b.law().parameterNames());
        assertEquals(new Run(2e8, 3e9, 2.9), b.data().runs().get(1));
    }

    @Test
    void aNameOfAColumnIsAVariableAndMappingsWin() {
        FormulaSpec.Bound b = bind(FormulaSpec.of("E + A/X^alpha + B/V^beta").withVariables(Map.of("X", "tokens")));
        assertEquals(List.of("X", "V"), b.law().variables());
        assertEquals(List.of("tokens", "V"), b.law().columns());
        assertEquals(new Run(3e9, 3e4, 2.9), b.data().runs().get(1)); // X in the params slot, V in the tokens slot
        // one variable: its column in both slots
        FormulaSpec.Bound one = bind(FormulaSpec.of("E + A/params^alpha"));
        assertEquals(new Run(2e8, 2e8, 2.9), one.data().runs().get(1));
    }

    @Test
    void startsReplaceTheDefaultsOfTheirParameter() {
        FormulaLaw law = bind(FormulaSpec.of("E + A/N^alpha").withStarts(Map.of("A", new double[] {5, 50}))).law();
        // defaults: E in {1, 10, 100}, alpha (an exponent) in {0.1, 0.5, 1}; the last parameter varies fastest
        assertEquals(3 * 2 * 3, law.startCount());
        assertEquals(List.of(1.0, 5.0, 0.1), box(law.start(0)));
        assertEquals(List.of(1.0, 5.0, 0.5), box(law.start(1)));
        assertEquals(List.of(1.0, 50.0, 0.1), box(law.start(3)));
        assertEquals(List.of(100.0, 50.0, 1.0), box(law.start(17)));
        assertEquals(List.of(10.0, 50.0, 0.5), box(law.refitStarts().get(0)));
    }

    private static List<Double> box(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @Test
    void aNameMeantAsAVariableButLeftUnmappedIsCaughtAtItsColumn() {
        // P is no column, so it is a parameter; A/P^alpha then depends on A and P only through one number
        assertEquals("at 7: parameters E, A, P, alpha cannot all be determined by these runs: the predictions depend "
                + "on them through fewer combinations than there are parameters; if P is a variable, map it to a column "
                + "(P=COLUMN)", error("E + A/P^alpha + B/D^beta"));
        assertEquals("at 5: parameters E, c cannot all be determined by these runs: the predictions depend on them "
                + "through fewer combinations than there are parameters; if c is a variable, map it to a column (c=COLUMN)",
                error("E + c + A/N^alpha"));
        assertEquals("at 9: parameter A does not change the predictions of any run; if A is a variable, map it to a "
                + "column (A=COLUMN)", error("E + 0*N*A"));
    }

    @Test
    void mappingErrorsNameTheColumnInTheFormula() {
        assertEquals("at 7: variable N is mapped to column 'parms', which table 'runs' does not have; columns: params, "
                + "tokens, loss, V, zero", error(FormulaSpec.of("E + A/N^alpha").withVariables(Map.of("N", "parms"))));
        assertEquals("variable Q=params: the formula has no name 'Q'; its names are E, A, N, alpha",
                error(FormulaSpec.of("E + A/N^alpha").withVariables(Map.of("Q", "params"))));
        assertEquals("at 7: loss stands for the target column 'loss', which the formula predicts; it cannot also be a "
                + "variable", error("E + A/loss^alpha"));
        assertEquals("at 1: the formula has no variable: none of its names (E, A, X, alpha) is a column of table 'runs' "
                + "(params, tokens, loss, V, zero); map one with a variable mapping such as N=params",
                error("E + A/X^alpha"));
        assertEquals("at 26: a formula can use at most two variables; it uses N (params), D (tokens), V (V)",
                error("E + A/N^alpha + B/D^beta*V^c"));
        assertEquals("at 1: the formula has no parameter to fit: every name is a variable (N, D)", error("N/D"));
        assertEquals("table 'runs' has no target column 'L'; columns: params, tokens, loss, V, zero",
                error(FormulaSpec.of("E + A/N^alpha").withTarget("L")));
        assertEquals("row 1: column 'zero' must be finite and > 0, got 0.0", error("E + A/zero^alpha"));
    }

    @Test
    void startErrors() {
        assertEquals("at 7: N is a variable, not a parameter; starts are for parameters (E, A, alpha)",
                error(FormulaSpec.of("E + A/N^alpha").withStarts(Map.of("N", new double[] {1}))));
        assertEquals("start values for 'gamma', which is not a parameter of the formula; its parameters are E, A, alpha",
                error(FormulaSpec.of("E + A/N^alpha").withStarts(Map.of("gamma", new double[] {1}))));
    }
}

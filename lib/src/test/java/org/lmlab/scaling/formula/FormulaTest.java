package org.lmlab.scaling.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmlab.reference.PythonReference;

/** The formula language: precedence, values against Python, exact gradients, and errors with their column. */
class FormulaTest {

    /** The value of a formula of constants only. */
    private static double value(String text) {
        Program p = Formula.parse(text).compile(List.of());
        return p.evaluate(new double[0], new double[0], null, new double[p.workSize()]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        // by hand: ^ binds tighter than unary minus and is right-associative; * and / left-associative
        "2^3^2; 512", "-2^2; -4", "(-2)^2; 4", "2^-1; 0.5", "2**3; 8", "2*3+4; 10", "2+3*4; 14", "(1+2)*3; 9",
        "8/4/2; 1", "8-4-2; 2", "--3; 3", "+3; 3", "2*-3; -6", "1e3 + .5 + 2.5E-1; 1000.75",
        "exp(0) + log(1) + sqrt(4) + min(1, 2) + max(1, 2); 6", "max(-1, -2)^2; 1", "10/4^0.5; 5"})
    void precedenceAndFunctionsByHand(String text, double expected) {
        assertEquals(expected, value(text), 1e-15 * Math.abs(expected));
    }

    @Test
    void valuesEqualPythonsOnRandomPoints() throws Exception {
        // Python's ** has the same precedence and associativity as ^ here (above unary minus, right-associative).
        List<String> formulas = List.of("E + A/N^alpha + B/D^beta", "E + (A/N^alpha + B/D^beta)^gamma",
                "exp(a)*N^-b", "log(1 + c*N/D)^2 - sqrt(D/N)*k / 3", "min(p*N, q*D) + max(p, q)^-N/1e9",
                "-a^2*N/(b - -c)*D");
        Random random = new Random(11);
        StringBuilder script = new StringBuilder("from math import exp, log, sqrt\n");
        List<Double> ours = new ArrayList<>();
        for (String text : formulas) {
            Formula f = Formula.parse(text);
            List<String> vars = List.of("N", "D");
            Program p = f.compile(vars);
            List<String> params = f.parameters(vars);
            double[] theta = random.doubles(params.size(), 0.2, 1.5).toArray();
            double[] x = {Math.pow(10, 1 + 2 * random.nextDouble()), Math.pow(10, 1 + 3 * random.nextDouble())};
            ours.add(p.evaluate(theta, x, null, new double[p.workSize()]));
            StringBuilder bindings = new StringBuilder("N=" + x[0] + "; D=" + x[1]);
            for (int k = 0; k < params.size(); k++) {
                bindings.append("; ").append(params.get(k)).append('=').append(theta[k]);
            }
            script.append(bindings).append("\nprint(repr(float(").append(text.replace("^", "**")).append(")))\n");
        }
        String[] lines = PythonReference.run(script.toString()).strip().split("\n");
        for (int i = 0; i < formulas.size(); i++) {
            double ref = Double.parseDouble(lines[i]);
            assertEquals(ref, ours.get(i), 1e-13 * Math.abs(ref), formulas.get(i));
        }
    }

    @Test
    void gradientsEqualCentralDifferencesOnRandomPoints() {
        List<String> formulas = List.of("E + A/N^alpha + B/D^beta", "E + (A/N^alpha + B/D^beta)^gamma",
                "exp(a)*N^-b", "log(1 + c*N/D)*k - sqrt(D/N + s)", "a^b + (N/D)^c", "min(p*N, q*D) + max(p, 2*q)",
                "-a^2*N/(b - -c)*D", "E + (Nc/N)^alpha");
        Random random = new Random(3);
        for (String text : formulas) {
            Formula f = Formula.parse(text);
            List<String> vars = List.of("N", "D");
            Program p = f.compile(vars);
            double[] work = new double[p.workSize()];
            for (int trial = 0; trial < 25; trial++) {
                double[] theta = random.doubles(p.parameterCount(), 0.2, 1.5).toArray();
                double[] x = {Math.pow(10, 1 + 3 * random.nextDouble()), Math.pow(10, 1 + 3 * random.nextDouble())};
                double[] g = new double[theta.length];
                double value = p.evaluate(theta, x, g, work);
                for (int k = 0; k < theta.length; k++) {
                    double h = 1e-6 * Math.abs(theta[k]);
                    double[] up = theta.clone();
                    double[] down = theta.clone();
                    up[k] += h;
                    down[k] -= h;
                    double numeric = (p.evaluate(up, x, null, work) - p.evaluate(down, x, null, work)) / (2 * h);
                    // truncation O(h²) plus rounding of f over 2h
                    double tolerance = 1e-7 * Math.abs(numeric) + 10 * Math.ulp(Math.abs(value)) / h;
                    assertEquals(numeric, g[k], tolerance,
                            text + " d/d" + f.parameters(vars).get(k) + " at trial " + trial);
                }
            }
        }
    }

    @Test
    void namesAndParametersInOrderOfFirstAppearance() {
        Formula f = Formula.parse("E + A/N^alpha + B/D^beta + A");
        assertEquals(Map.of("E", 1, "A", 5, "N", 7, "alpha", 9, "B", 17, "D", 19, "beta", 21), f.names());
        assertEquals(List.of("E", "A", "N", "alpha", "B", "D", "beta"), List.copyOf(f.names().keySet()));
        assertEquals(List.of("E", "A", "alpha", "B", "beta"), f.parameters(List.of("N", "D")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "E + A/N^alpha + B/D^beta; E + A/N^alpha + B/D^beta",
        "E+(A/N^alpha+B/D^beta)^gamma; E + (A/N^alpha + B/D^beta)^gamma",
        "(a-b)-(c-d); a - b - (c - d)", "a/(b*c); a/(b*c)", "(a^b)^c; (a^b)^c", "a^b^c; a^b^c", "-(a^2); -a^2",
        "(-a)^2; (-a)^2", "exp(a)*N**-b; exp(a)*N^-b", "max(a, b+1)/2.5; max(a, b + 1)/2.5"})
    void printsWithTheParenthesesItNeeds(String text, String printed) {
        assertEquals(printed, Formula.parse(text).print(Map.of()));
        // and the printed text parses to the same value
        assertEquals(Formula.parse(printed).print(Map.of()), printed);
    }

    @Test
    void printsFittedNumbers() {
        Formula f = Formula.parse("E + A/N^alpha - c");
        assertEquals("1.817 + 477.8/N^0.3473 - (-2.000)", f.print(Map.of("E", 1.8172, "A", 477.826, "alpha", 0.34731,
                "c", -2.0)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "E + A/N^alpha + B/D^| at 21: expected a number, a name or '(', found the end of the formula",
        "E + (A/N^alpha + B/D^beta| at 26: expected ')' to close '(' at 5, found the end of the formula",
        "E + A/N^alpha)| at 14: ')' without a matching '('",
        "E + foo(N)| at 5: unknown function 'foo'; one of exp, log, sqrt, min, max",
        "E + A N| at 7: expected an operator (+ - * / ^) or the end of the formula, found name 'N'",
        "E + 2 3| at 7: expected an operator (+ - * / ^) or the end of the formula, found number 3",
        "E $ A| at 3: unexpected character '$'; a formula has numbers, names, + - * / ^, parentheses and exp, log, "
                + "sqrt, min, max",
        "E + max(A)| at 5: max takes 2 arguments, got 1",
        "E + exp(A, B)| at 5: exp takes 1 argument, got 2",
        "E + exp| at 5: exp is a function; call it as exp(...)",
        "E + 1e+| at 8: expected the digits of the exponent of number 1e",
        "E * / A| at 5: expected a number, a name or '(', found '/'",
        "E + ()| at 6: expected a number, a name or '(', found ')'"})
    void syntaxErrorsNameTheColumn(String text, String message) {
        FormulaException e = assertThrows(FormulaException.class, () -> Formula.parse(text));
        assertEquals(message.strip(), e.getMessage());
        assertEquals(Integer.parseInt(message.strip().split("[ :]")[1]), e.column());
    }

    @Test
    void pointerPutsACaretUnderTheColumn() {
        FormulaException e = assertThrows(FormulaException.class, () -> Formula.parse("E + (A/N^alpha"));
        String nl = System.lineSeparator();
        assertEquals("at 15: expected ')' to close '(' at 5, found the end of the formula" + nl + "  E + (A/N^alpha"
                + nl + "                ^", e.pointer());
    }

    @Test
    void emptyFormula() {
        assertEquals("at 1: the formula is empty; write e.g. E + A/N^alpha",
                assertThrows(FormulaException.class, () -> Formula.parse("  ")).getMessage());
    }
}

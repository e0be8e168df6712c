package org.lmlab.magics.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.nio.file.Path;
import org.lmlab.magics.ArgumentSplitter;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.Runs;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.formula.FormulaSpec;
import org.lmlab.table.Table;

/** {@code %scaling fit --formula}: the library's fit of the same spec, and usage errors that point into the formula. */
class ScalingFormulaMagicTest {

    static final FakeMagicContext CONTEXT = new FakeMagicContext();

    @BeforeAll
    static void loadRuns() throws Exception {
        List<Run> runs = Runs.fromCsv(Path.of("..", "datasets", "chinchilla", "chinchilla_runs.csv"));
        CONTEXT.tables().put("runs", Table.builder(CONTEXT.tables().allocator(), "runs")
                .float64("params", runs.stream().map(Run::params).toArray(Double[]::new))
                .float64("tokens", runs.stream().map(Run::tokens).toArray(Double[]::new))
                .float64("loss", runs.stream().map(Run::loss).toArray(Double[]::new))
                .build());
    }

    @AfterAll
    static void close() {
        CONTEXT.tables().close();
    }

    /** Runs the magic with the line split as the kernel splits it (quotes group). */
    static Object run(String args) throws Exception {
        return ScalingMagicTest.MAGIC.run(new MagicCall("scaling", MagicKind.LINE, args, ArgumentSplitter.split(args), "",
                1), CONTEXT);
    }

    private static ScalingData replication(FormulaSpec spec) {
        return spec.bind(CONTEXT.tables().get("runs"), "runs").data().dropHighestLoss(5);
    }

    @Test
    void chinchillaFormulaGivesTheRecordedScipyFullGridFit() throws Exception {
        LawFit fit = assertInstanceOf(LawFit.class,
                run("fit --table runs --drop-highest 5 --formula \"E + A/N^alpha + B/D^beta\" --as cf"));
        // scipy's full-grid fit of the built-in law, datasets/chinchilla/PROVENANCE.md (7 significant digits)
        Map<String, Double> recorded = Map.of("A", 477.8259, "B", 2143.417, "E", 1.817218, "alpha", 0.3473105,
                "beta", 0.3671724);
        recorded.forEach((k, v) -> assertEquals(v, fit.parameters().get(k), 1e-6 * v, k));
        assertEquals(0.00101827401780, fit.objective(), 1e-14);
        assertEquals("L(N, D) = 1.817 + 477.8/N^0.3473 + 2143/D^0.3672", fit.formula());
        assertEquals(fit, CONTEXT.variables.get("cf"));
    }

    @Test
    void mappedVariablesStartsAndBootstrapAsTheLibrary() throws Exception {
        Object value = run("fit --table runs --drop-highest 5 --formula 'E + A/X^alpha' --var X=tokens "
                + "--start E=1,2 --start alpha=0.2,0.4 --bootstrap 4 --seed 9 --as kd");
        BootstrapResult result = assertInstanceOf(BootstrapResult.class, value);
        LawFit fit = assertInstanceOf(LawFit.class, CONTEXT.variables.get("kd"));
        FormulaSpec spec = FormulaSpec.of("E + A/X^alpha").withVariables(Map.of("X", "tokens"))
                .withStarts(Map.of("E", new double[] {1, 2}, "alpha", new double[] {0.2, 0.4}));
        ScalingData data = replication(spec);
        LawFitter fitter = new LawFitter(spec.bind(CONTEXT.tables().get("runs"), "runs").law());
        LawFit direct = fitter.fit(data);
        assertEquals(2 * 3 * 2, direct.starts());
        assertArrayEquals(direct.theta(), fit.theta());
        assertEquals(List.of("tokens"), ((org.lmlab.scaling.formula.FormulaLaw) fit.law()).columns());
        BootstrapResult lib = new Bootstrap(fitter).run(data, direct,
                BootstrapOptions.defaults().withReplicates(4).withSeed(9).withThreads(1), Progress.NONE);
        assertEquals(lib.intervals(), result.intervals());
        assertEquals(List.of("E", "A", "alpha"), result.quantities());
        // the observed-vs-fitted plot reads the column the formula was fitted to
        Chart fitted = assertInstanceOf(Chart.class, run("plot fitted --fit kd --table runs --drop-highest 5"));
        assertEquals(240, fitted.series().get(0).size());
    }

    @Test
    void helpDescribesTheFormulaOptions() throws Exception {
        String help = assertInstanceOf(HelpText.class, run("fit --help")).toString();
        for (String option : List.of("--formula", "--var", "--start", "--target", "right-associative")) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    private static String usage(String args) {
        return assertThrows(MagicUsageException.class, () -> run(args)).getMessage();
    }

    @Test
    void syntaxErrorsPointIntoTheFormula() {
        String nl = System.lineSeparator();
        assertEquals("at 21: expected a number, a name or '(', found the end of the formula" + nl
                + "  E + A/N^alpha + B/D^" + nl + "                      ^",
                usage("fit --table runs --formula \"E + A/N^alpha + B/D^\""));
        assertTrue(usage("fit --table runs --formula \"E + A/N^alpha + foo(D)\"")
                .startsWith("at 17: unknown function 'foo'; one of exp, log, sqrt, min, max"));
    }

    @Test
    void mappingErrorsAreUsageErrors() {
        assertTrue(usage("fit --table runs --formula \"E + A/N^alpha\" --var N=parms").startsWith(
                "at 7: variable N is mapped to column 'parms', which table 'runs' does not have; columns: params, tokens, "
                        + "loss"));
        assertEquals("variable V=params: the formula has no name 'V'; its names are E, A, N, alpha",
                usage("fit --table runs --formula \"E + A/N^alpha\" --var V=params"));
        // V is no column: it would be a parameter, which the runs cannot tell apart from E, A and alpha
        assertTrue(usage("fit --table runs --formula \"E + A/V^alpha + B/D^beta\"").startsWith(
                "at 7: parameters E, A, V, alpha cannot all be determined by these runs"));
        assertTrue(usage("fit --table runs --formula \"E + A/X^alpha\"").startsWith(
                "at 1: the formula has no variable: none of its names (E, A, X, alpha) is a column of table 'runs'"));
        assertEquals("table 'runs' has no target column 'L'; columns: params, tokens, loss",
                usage("fit --table runs --formula \"E + A/N^alpha\" --target L"));
    }

    @Test
    void optionErrors() {
        assertEquals("--formula and --law are alternatives; give one",
                usage("fit --table runs --formula \"E + A/N^alpha\" --law kaplan-n"));
        assertEquals("--var, --start and --bound belong to --formula", usage("fit --table runs --var N=params"));
        assertEquals("--start alpha=0.1,x: 'x' is not a finite number; give a comma list such as alpha=0.1,0.5,1",
                usage("fit --table runs --formula \"E + A/N^alpha\" --start alpha=0.1,x"));
        assertEquals("start values for 'beta', which is not a parameter of the formula; its parameters are E, A, alpha",
                usage("fit --table runs --formula \"E + A/N^alpha\" --start beta=1"));
        assertTrue(usage("fit --table runs --formula \"E + A/N^alpha\" --start N=1")
                .startsWith("at 7: N is a variable, not a parameter"));
        assertEquals("%scaling fit needs --table NAME", usage("fit --formula \"E + A/N^alpha\""));
    }

    @Test
    void boundsGiveTheLibrarysBoundedFitAndNameTheParametersOnThem() throws Exception {
        LawFit fit = assertInstanceOf(LawFit.class, run("fit --table runs --drop-highest 5 --formula "
                + "\"E + A/N^alpha + B/D^beta\" --bound alpha=:0.3 --bound beta=0.4:1 --as bounded"));
        FormulaSpec spec = FormulaSpec.of("E + A/N^alpha + B/D^beta").withBounds(Map.of(
                "alpha", new double[] {Double.NEGATIVE_INFINITY, 0.3}, "beta", new double[] {0.4, 1}));
        LawFit library = new LawFitter(spec.bind(CONTEXT.tables().get("runs"), "runs").law()).fit(replication(spec));
        assertArrayEquals(library.theta(), fit.theta(), 0.0);
        assertEquals(List.of("alpha = 0.3 (upper bound)", "beta = 0.4 (lower bound)"), fit.atBounds());
        assertTrue(fit.toString().contains("at a bound: alpha = 0.3 (upper bound), beta = 0.4 (lower bound)"));
    }

    @Test
    void boundErrors() {
        assertEquals("--bound alpha=1:0: give LO:HI with LO <= HI, either side empty for none, such as alpha=0:2 or "
                + "alpha=0:", usage("fit --table runs --formula \"E + A/N^alpha\" --bound alpha=1:0"));
        assertEquals("--bound alpha=x: give LO:HI with LO <= HI, either side empty for none, such as alpha=0:2 or "
                + "alpha=0:", usage("fit --table runs --formula \"E + A/N^alpha\" --bound alpha=x"));
        assertEquals("a bound for 'beta', which is not a parameter of the formula; its parameters are E, A, alpha",
                usage("fit --table runs --formula \"E + A/N^alpha\" --bound beta=0:1"));
        assertTrue(usage("fit --table runs --formula \"E + A/N^alpha\" --bound N=0:1")
                .startsWith("at 7: N is a variable, not a parameter; bounds are for parameters"));
        assertEquals("start 0.5 of alpha is outside its bound [0.0, 0.3]",
                usage("fit --table runs --formula \"E + A/N^alpha\" --start alpha=0.5 --bound alpha=0:0.3"));
    }

    @Test
    void aFormulaNegativeAtEveryStartIsAFailureWithAHint() {
        var e = assertThrows(MagicFailure.class,
                () -> run("fit --table runs --formula \"E - A/N^alpha\" --start E=-1 --start A=1 --start alpha=0.5"));
        assertEquals("%scaling fit: no start gave a finite objective (1 starts); the formula must be positive on every "
                + "run at a start: give start values with --start NAME=V1,V2", e.getMessage());
    }
}

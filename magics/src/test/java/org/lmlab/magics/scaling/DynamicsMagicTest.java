package org.lmlab.magics.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.hestness.Hestness;
import org.lmlab.scaling.densing.DensityAnalysis;
import org.lmlab.scaling.densing.DensityTrend;
import org.lmlab.scaling.densing.Densing;
import org.lmlab.scaling.densing.ReferenceLaw;
import org.lmlab.scaling.densing.ScoreCurve;
import org.lmlab.scaling.plot.DynamicsPlots;
import org.lmlab.scaling.steps.LearningCurve;
import org.lmlab.scaling.steps.StepsAnalysis;
import org.lmlab.table.Table;

/**
 * {@code %scaling density}, {@code steps} and their plots on the bundled synthetic data
 * (datasets/scaling-dynamics): results equal the library's on the same input (whose numbers are
 * checked against scipy in lib's tests); bad arguments are usage errors.
 */
class DynamicsMagicTest {

    static final CommandMagic MAGIC = CommandMagic.line(ScalingMagic::new);
    static final FakeMagicContext CONTEXT = new FakeMagicContext();
    static final Path DIR = Path.of("..", "datasets", "scaling-dynamics");

    static List<String[]> csv(String name) throws Exception {
        List<String> lines = Files.readAllLines(DIR.resolve(name));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    static Double[] numbers(List<String[]> rows, int col) {
        Function<String, Double> parse = s -> s.isEmpty() ? null : Double.valueOf(s);
        return rows.stream().map(r -> parse.apply(r[col])).toArray(Double[]::new);
    }

    @BeforeAll
    static void load() throws Exception {
        var alloc = CONTEXT.tables().allocator();
        List<String[]> ref = csv("densing-reference.csv");
        CONTEXT.tables().put("refruns", Table.builder(alloc, "refruns").float64("params", numbers(ref, 0))
                .float64("tokens", numbers(ref, 1)).float64("loss", numbers(ref, 2)).float64("score", numbers(ref, 3)).build());
        List<String[]> models = csv("densing-models.csv");
        CONTEXT.tables().put("models", Table.builder(alloc, "models")
                .utf8("model", models.stream().map(r -> r[0]).toArray(String[]::new))
                .date("released", models.stream().map(r -> LocalDate.parse(r[1])).toArray(LocalDate[]::new))
                .float64("params", numbers(models, 2)).float64("score", numbers(models, 3)).build());
        List<String[]> steps = csv("kaplan-steps.csv");
        CONTEXT.tables().put("curves", Table.builder(alloc, "curves").float64("params", numbers(steps, 0))
                .float64("batch", numbers(steps, 1)).float64("steps", numbers(steps, 2)).float64("loss", numbers(steps, 3))
                .build());
    }

    @AfterAll
    static void close() {
        CONTEXT.tables().close();
    }

    static Object run(String args) throws Exception {
        return MAGIC.run(new MagicCall("scaling", MagicKind.LINE, args, List.of(args.split(" +")), "", 1), CONTEXT);
    }

    @Test
    void densityEqualsTheLibraryAndPlots() throws Exception {
        run("fit --table refruns --as ref");
        run("density --table models --reference ref --scores refruns --bootstrap 200 --seed 7 --as dens");
        DensityAnalysis magic = assertInstanceOf(DensityAnalysis.class, CONTEXT.variables.get("dens"));
        LawFit ref = (LawFit) CONTEXT.variables.get("ref");
        DensityAnalysis direct = DensityAnalysis.run(CONTEXT.tables().get("models"),
                new Densing.Columns("model", "released", "params", "score"), ReferenceLaw.tokensPerParam(ref, 20),
                ScoreCurve.fit(CONTEXT.tables().get("refruns"), "loss", "score").curve(), DensityTrend.Selection.ALL, 200, 7,
                Progress.NONE);
        assertEquals(direct.trend().slope(), magic.trend().slope());
        assertEquals(direct.intervals(), magic.intervals());
        System.out.println(magic);

        Chart chart = assertInstanceOf(Chart.class, run("plot density --fit dens"));
        assertEquals(3, chart.series().size());
        assertEquals(30, chart.series().get(0).size());
        assertTrue(chart.series().get(2).name().startsWith("fit: doubles every"), chart.series().get(2).name());
        assertTrue(chart.toPng().length > 1000);

        run("density --table models --reference ref --scores refruns --frontier --bootstrap 50 --as front");
        DensityAnalysis front = (DensityAnalysis) CONTEXT.variables.get("front");
        assertTrue(front.trend().fitted().size() < 30);
    }

    @Test
    void stepsEqualsTheLibraryAndPlots() throws Exception {
        run("steps --table curves --bootstrap 0 --as kap");
        StepsAnalysis magic = assertInstanceOf(StepsAnalysis.class, CONTEXT.variables.get("kap"));
        StepsAnalysis direct = StepsAnalysis.run(CONTEXT.tables().get("curves"), LearningCurve.Columns.defaults(), 8, 0, 42,
                Progress.NONE);
        assertEquals(direct.batch().bStar(), magic.batch().bStar());
        assertArrayEquals(direct.law().theta(), magic.law().theta());
        Chart chart = assertInstanceOf(Chart.class, run("plot steps --fit kap"));
        assertEquals(2 * 21, chart.series().size());
        // the fitted curve follows the data: 0.2 % noise, so each fitted point within 2 % of the observed loss
        assertEquals(chart.series().get(0).name() + " fit", chart.series().get(1).name());
        for (LearningCurve c : magic.curves()) {
            double[] steps = c.steps();
            double[] loss = c.loss();
            for (int i = 0; i < steps.length; i++) {
                double fitted = DynamicsPlots.predicted(magic, c, steps[i]);
                assertTrue(Math.abs(fitted / loss[i] - 1) < 0.02, c + " point " + i + ": " + fitted + " vs " + loss[i]);
            }
        }
    }

    @Test
    void hestnessIsTheKaplanDLaw() throws Exception {
        List<String[]> rows = csv("hestness-curve.csv");
        CONTEXT.tables().put("curve", Table.builder(CONTEXT.tables().allocator(), "curve").float64("data", numbers(rows, 0))
                .float64("error", numbers(rows, 1)).build());
        LawFit fit = assertInstanceOf(LawFit.class, run("fit --table curve --law hestness --params data --tokens data "
                + "--loss error --as h"));
        double[] m = Arrays.stream(numbers(rows, 0)).mapToDouble(Double::doubleValue).toArray();
        double[] e = Arrays.stream(numbers(rows, 1)).mapToDouble(Double::doubleValue).toArray();
        LawFit direct = new LawFitter(Hestness.law()).fit(Hestness.data(m, e));
        assertArrayEquals(direct.theta(), fit.theta());
        assertEquals(-0.3, Hestness.constants(fit).get("beta_g"), 0.03);
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        assertThrows(MagicUsageException.class, () -> run("density --table models"));
        assertThrows(MagicUsageException.class, () -> run("density --table models --reference nope"));
        run("fit --table refruns --law kaplan-n --as kn");
        assertThrows(MagicUsageException.class,
                () -> run("density --table models --reference kn --tokens-per-param 20 --reference-tokens 1e9"));
        assertThrows(MagicUsageException.class, () -> run("density --table models --reference kn --bootstrap 0"));
        MagicFailure f = assertThrows(MagicFailure.class, () -> run("density --table models --reference kn --measure nope"));
        assertTrue(f.getMessage().contains("missing column 'nope'"), f.getMessage());
        assertThrows(MagicUsageException.class, () -> run("steps --table curves --levels 0"));
        f = assertThrows(MagicFailure.class, () -> run("steps --table curves --batch nope"));
        assertTrue(f.getMessage().contains("missing column 'nope'"), f.getMessage());
        assertThrows(MagicUsageException.class, () -> run("plot steps --fit kn"));
        assertThrows(MagicUsageException.class, () -> run("plot density --fit kn"));
    }
}

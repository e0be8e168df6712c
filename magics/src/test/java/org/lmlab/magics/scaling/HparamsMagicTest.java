package org.lmlab.magics.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.display.Displayable;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.crossover.Crossover;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.scaling.steplaw.HparamRun;
import org.lmlab.scaling.steplaw.StepLaw;
import org.lmlab.scaling.steplaw.StepLawFit;
import org.lmlab.scaling.steplaw.StepLawFitter;
import org.lmlab.scaling.steplaw.StepLawOptions;
import org.lmlab.table.Table;
import org.lmlab.table.io.Csv;

/**
 * {@code %scaling hparams}, {@code crossover} and {@code plot hparams} delegate to the library: same
 * numbers as calling it directly (which lib's tests check against numpy and scipy).
 */
class HparamsMagicTest {

    static final CommandMagic MAGIC = CommandMagic.line(ScalingMagic::new);
    static final FakeMagicContext CONTEXT = new FakeMagicContext();
    static Table grid;

    @BeforeAll
    static void load() throws Exception {
        grid = Csv.read(Path.of("..", "datasets", "scaling-steplaw", "steplaw_dense_runs.csv"),
                CONTEXT.tables().allocator());
        CONTEXT.tables().put("grid", grid);
    }

    @AfterAll
    static void close() {
        CONTEXT.tables().close();
    }

    static Object run(String args) throws Exception {
        return MAGIC.run(new MagicCall("scaling", MagicKind.LINE, args, List.of(args.split(" +")), "", 1), CONTEXT);
    }

    static String text(Object value) {
        return assertInstanceOf(Displayable.class, value).toMimeBundle().plainText();
    }

    @Test
    void fitsTheReleasedGridAsTheLibraryDoes() throws Exception {
        String out = text(run("hparams --table grid --loss-col smooth_loss --batch-scale 2048 --bootstrap 50 --as sl"));
        StepLawFit fit = assertInstanceOf(StepLawFit.class, CONTEXT.variables.get("sl"));
        List<HparamRun> runs = HparamRun.fromTable(grid, new HparamRun.Columns("params", "tokens", "lr", "batch",
                "smooth_loss"), 2048);
        StepLawFit direct = new StepLawFitter(StepLawOptions.DEFAULT.withBootstrap(50, 42)).fit(runs, Progress.NONE);
        assertEquals(direct.law(), fit.law());
        assertEquals(direct.intervals(), fit.intervals());
        assertTrue(out.contains("17 groups"), out);
        assertEquals(17, CONTEXT.tables().get("sl_optima").rowCount());

        Chart chart = assertInstanceOf(Chart.class, run("plot hparams --fit sl --group 4.29e8,5e10 --levels 3"));
        assertEquals("N = 4.29e+08, D = 5.00e+10", chart.title());
        assertTrue(chart.series().stream().anyMatch(s -> s.name().equals("optimum (surface) lr 0.00165, B 6.16e+05")),
                chart.series().toString());
        assertTrue(chart.toPng().length > 1000);
        var e = assertThrows(MagicUsageException.class, () -> run("plot hparams --fit sl --group 1e9,1e9"));
        assertTrue(e.getMessage().contains("no group with N = 1.000e+09"), e.getMessage());
    }

    @Test
    void presetPredictsThePublishedFormula() throws Exception {
        String out = text(run("hparams --preset steplaw --n 1e9 --d 1e11 --seq-len 4096"));
        // hand: 1.79 · 10^(-9·0.713 + 11·0.307) = 1.79 · 10^-3.040 = 1.79 · 9.1201e-4 = 1.6325e-3;
        // 0.58 · 10^(11·0.571) = 0.58 · 10^6.281 = 0.58 · 1.9099e6 = 1.1077e6 tokens = 270.4 sequences of 4096
        assertTrue(out.contains("lr_opt = 0.001632"), out);
        assertTrue(out.contains("B_opt = 1.108e+06 tokens = 270.4 sequences of 4096"), out);
        assertEquals(1.6325e-3, StepLaw.PUBLISHED.learningRate(1e9, 1e11), 1e-7);
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        var e = assertThrows(MagicUsageException.class, () -> run("hparams --table grid"));
        assertTrue(e.getMessage().contains("no column 'loss'"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run("hparams --preset chinchilla --n 1e9 --d 1e11"));
        assertTrue(e.getMessage().contains("unknown preset"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run("hparams --preset steplaw --n 1e9"));
        assertTrue(e.getMessage().contains("--n N and --d D"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run("hparams --table grid --preset steplaw"));
        assertTrue(e.getMessage().contains("give one of"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run("hparams --table grid --loss-col smooth_loss --window 0"));
        assertTrue(e.getMessage().contains("--window"), e.getMessage());
        MagicFailure f = assertThrows(MagicFailure.class, () -> run("hparams --table grid --loss-col smooth_loss "
                + "--n-col h --d-col h"));
        assertTrue(f.getMessage().contains("vary together"), f.getMessage());
    }

    @Test
    void crossoverOfTwoFitsEqualsTheLibrary() throws Exception {
        ChinchillaParams a = ChinchillaParams.ofNatural(406.4, 410.7, 1.69, 0.34, 0.28);
        ChinchillaParams b = ChinchillaParams.ofNatural(250.0, 520.0, 1.74, 0.33, 0.29);
        CONTEXT.variables.put("archA", new LawFit(new ChinchillaLaw(), a.toArray(), 0, 0, 0, 1, 1, 0, Map.of(),
                Duration.ZERO));
        CONTEXT.variables.put("archB", new LawFit(new ChinchillaLaw(), b.toArray(), 0, 0, 0, 1, 1, 0, Map.of(),
                Duration.ZERO));
        String out = text(run("crossover --fit archA --with archB --tokens-per-param 20"));
        Crossover.Point p = new Crossover(20, 1e6, 1e14).find((LawFit) CONTEXT.variables.get("archA"),
                (LawFit) CONTEXT.variables.get("archB"));
        assertTrue(out.contains(p.toString()) && out.contains("no interval"), out);
        // with bootstraps whose replicates repeat the full fits, the interval collapses onto N*
        for (String name : List.of("archA", "archB")) {
            LawFit full = (LawFit) CONTEXT.variables.get(name);
            List<Bootstrap.Replicate> reps = List.of(new Bootstrap.Replicate(full.theta(), 0, 0),
                    new Bootstrap.Replicate(full.theta(), 0, 0));
            CONTEXT.variables.put(name + "_bootstrap", new BootstrapResult(full, new BootstrapOptions(2, 1, 1, 0.95,
                    5.76e23), List.of(), new double[2][0], reps, List.of(), Duration.ZERO));
        }
        out = text(run("crossover --fit archA --with archB"));
        assertTrue(out.contains("2 of 2 paired replicates cross"), out);
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "N* = %.6g [%.6g, %.6g]", p.params(), p.params(),
                p.params())), out);
        var e = assertThrows(MagicUsageException.class, () -> run("crossover --fit archA --with nothing"));
        assertTrue(e.getMessage().contains("no variable 'nothing'"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run("crossover --fit archA --with archB --n-min 1e9 --n-max 1e8"));
        assertTrue(e.getMessage().contains("nMin < nMax"), e.getMessage());
    }
}

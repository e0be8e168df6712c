package org.lmlab.magics.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.Runs;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.scaling.law.KaplanLaw;
import org.lmlab.table.Table;

/**
 * {@code %scaling} parses its arguments and delegates to org.lmlab.scaling: results equal the
 * library's on the same input (the library's numbers are checked against scipy in lib's tests).
 */
class ScalingMagicTest {

    static final CommandMagic MAGIC = CommandMagic.line(ScalingMagic::new);
    /** Progress bars started and steps reported, over the whole class. */
    static final AtomicLong STARTED = new AtomicLong();
    static final AtomicLong STEPS = new AtomicLong();
    /** The progress bar whose start requests a stop (none when negative). */
    static volatile long stopAtStart = -1;
    static final FakeMagicContext CONTEXT = new FakeMagicContext().progress(new Progress() {
        @Override
        public void start(long total, String label) {
            if (STARTED.incrementAndGet() == stopAtStart) {
                Cancellation.request(); // as the kernel does when the user interrupts
            }
        }

        @Override
        public void step(long units) {
            STEPS.addAndGet(units);
        }

        @Override
        public void done() {
        }
    });
    static List<Run> runs;

    @BeforeAll
    static void loadRuns() throws Exception {
        runs = Runs.fromCsv(Path.of("..", "datasets", "chinchilla", "chinchilla_runs.csv"));
        Double[] loss = runs.stream().map(Run::loss).toArray(Double[]::new);
        Double[] badLoss = loss.clone();
        badLoss[7] = Double.NaN;
        CONTEXT.tables().put("runs", table("runs", loss));
        CONTEXT.tables().put("bad", table("bad", badLoss));
    }

    private static Table table(String name, Double[] loss) {
        return Table.builder(CONTEXT.tables().allocator(), name)
                .float64("params", runs.stream().map(Run::params).toArray(Double[]::new))
                .float64("tokens", runs.stream().map(Run::tokens).toArray(Double[]::new))
                .float64("loss", loss)
                .build();
    }

    @AfterAll
    static void close() {
        CONTEXT.tables().close();
    }

    static Object run(String args) throws Exception {
        return MAGIC.run(new MagicCall("scaling", MagicKind.LINE, args, List.of(args.split(" +")), "", 1), CONTEXT);
    }

    static ScalingData replication() {
        return ScalingData.of(Runs.dropHighestLoss(runs, 5));
    }

    @Test
    void fitsAKaplanLawAsTheLibraryDoes() throws Exception {
        Object value = run("fit --table runs --drop-highest 5 --law kaplan-c --as kc");
        LawFit fit = assertInstanceOf(LawFit.class, value);
        assertEquals(fit, CONTEXT.variables.get("kc"));
        LawFit direct = new LawFitter(new KaplanLaw(KaplanLaw.Variable.C, true)).fit(replication());
        assertArrayEquals(direct.theta(), fit.theta());
        assertEquals(240, fit.runs());
    }

    @Test
    void bootstrapIsSeededAndEqualsTheLibrarysResult() throws Exception {
        long steps0 = STEPS.get();
        Object value = run("fit --table runs --drop-highest 5 --bootstrap 12 --seed 3 --as boot");
        BootstrapResult result = assertInstanceOf(BootstrapResult.class, value);
        assertEquals(result, CONTEXT.variables.get("boot_bootstrap"));
        LawFit fit = assertInstanceOf(LawFit.class, CONTEXT.variables.get("boot"));
        assertInstanceOf(ChinchillaLaw.class, fit.law());
        LawFitter fitter = new LawFitter(new ChinchillaLaw());
        BootstrapResult direct = new Bootstrap(fitter).run(replication(), fit,
                BootstrapOptions.defaults().withReplicates(12).withSeed(3).withThreads(1), Progress.NONE);
        for (int r = 0; r < 12; r++) {
            assertArrayEquals(direct.values()[r], result.values()[r], "replicate " + r);
        }
        assertEquals(direct.intervals(), result.intervals());
        // one progress step per start of the 4,500-start fit, then one per replicate
        assertEquals(4500 + 12, STEPS.get() - steps0);

        Chart histogram = assertInstanceOf(Chart.class, run("plot bootstrap --fit boot --param beta"));
        assertTrue(histogram.title().startsWith("Bootstrap: beta"), histogram.title());
        assertTrue(histogram.toPng().length > 1000);
        Chart contours = assertInstanceOf(Chart.class, run("plot contours --fit boot --table runs"));
        assertEquals("efficient frontier", contours.series().get(contours.series().size() - 1).name());
        Chart fitted = assertInstanceOf(Chart.class, run("plot fitted --fit boot --table runs --drop-highest 5"));
        assertEquals(240, fitted.series().get(0).size());
    }

    @Test
    void aBootstrapTooLargeForTheHeapIsRefusedBeforeTheFit() {
        long steps0 = STEPS.get();
        var e = assertThrows(MagicFailure.class,
                () -> run("fit --table runs --law kaplan-n --bootstrap 2000000000 --as huge"));
        assertTrue(e.getMessage().startsWith("%scaling fit: --bootstrap 2000000000 needs ~"), e.getMessage());
        assertTrue(e.getMessage().contains("; use at most --bootstrap "), e.getMessage());
        assertFalse(CONTEXT.variables.containsKey("huge"));
        assertEquals(steps0, STEPS.get(), "refused before fitting");
    }

    @Test
    void aStoppedBootstrapDefinesNeitherTheFitNorTheBootstrap() throws Exception {
        try {
            stopAtStart = STARTED.get() + 2; // the fit's bar, then the bootstrap's
            assertThrows(Cancellation.CancelledException.class,
                    () -> run("fit --table runs --law kaplan-n --bootstrap 100000 --as stopped"));
            assertFalse(CONTEXT.variables.containsKey("stopped"));
            assertFalse(CONTEXT.variables.containsKey("stopped_bootstrap"));
        } finally {
            stopAtStart = -1;
            Cancellation.reset();
        }
        assertInstanceOf(LawFit.class, run("fit --table runs --law kaplan-n --as stopped"));
    }

    @Test
    void helpForEachSubcommand() throws Exception {
        String fit = assertInstanceOf(HelpText.class, run("fit --help")).toString();
        for (String option : List.of("--bootstrap", "--seed", "--law", "--unique", "--drop-highest", "data-constrained")) {
            assertTrue(fit.contains(option), option + " in\n" + fit);
        }
        String plot = assertInstanceOf(HelpText.class, run("plot --help")).toString();
        assertTrue(plot.contains("fitted, contours") && plot.contains("hparams") && plot.contains("--levels"), plot);
        assertTrue(assertInstanceOf(HelpText.class, run("optimal --help")).toString().contains("--flops"));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        var law = assertThrows(MagicUsageException.class, () -> run("fit --table runs --law kaplan"));
        assertTrue(law.getMessage().startsWith("unknown law 'kaplan'; one of chinchilla, kaplan-n"), law.getMessage());
        var unique = assertThrows(MagicUsageException.class, () -> run("fit --table runs --law data-constrained"));
        assertEquals("the data-constrained law needs --unique COL (unique tokens per run)", unique.getMessage());
        var column = assertThrows(MagicUsageException.class, () -> run("fit --table runs --unique uniq --law kaplan-n"));
        assertTrue(column.getMessage().startsWith("table 'runs' has no column 'uniq'"), column.getMessage());
        var negative = assertThrows(MagicUsageException.class, () -> run("fit --table runs --bootstrap -1"));
        assertEquals("--bootstrap must be 0 or more, not -1", negative.getMessage());
        var kind = assertThrows(MagicUsageException.class, () -> run("plot pie"));
        assertTrue(kind.getMessage().contains("pie"), kind.getMessage());
        var noTable = assertThrows(MagicUsageException.class, () -> run("fit --law kaplan-n"));
        assertEquals("%scaling fit needs --table NAME", noTable.getMessage());
    }

    @Test
    void badValuesNameRowAndColumn() {
        var e = assertThrows(MagicFailure.class, () -> run("fit --table bad --law kaplan-n"));
        assertEquals("%scaling fit: table 'bad', row 7: column 'loss' must be finite and > 0, got NaN", e.getMessage());
    }

    @Test
    void optimalNeedsAChinchillaFit() throws Exception {
        run("fit --table runs --law kaplan-n-pure --as pure");
        var e = assertThrows(MagicUsageException.class, () -> run("optimal --flops 1e23 --fit pure"));
        assertEquals("'pure' is not a Chinchilla fit (%scaling optimal needs one)", e.getMessage());
    }
}

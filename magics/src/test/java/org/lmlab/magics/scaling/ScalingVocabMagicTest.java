package org.lmlab.magics.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.display.Displayable;
import org.lmlab.magics.ArgumentSplitter;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.vocab.VocabData;
import org.lmlab.scaling.vocab.VocabFit;
import org.lmlab.scaling.vocab.VocabFitter;
import org.lmlab.scaling.vocab.VocabLaw;
import org.lmlab.table.Table;
import org.lmlab.table.io.Csv;

/** {@code %scaling vocab}: the library's results (checked against scipy and the paper in lib) and usage errors. */
class ScalingVocabMagicTest {

    static final FakeMagicContext CONTEXT = new FakeMagicContext();
    static final Path DIR = Path.of("..", "datasets", "scaling-vocab");

    @BeforeAll
    static void loadRuns() throws Exception {
        CONTEXT.tables().put("vsyn", Csv.read(DIR.resolve("synthetic_runs.csv"), CONTEXT.tables().allocator()));
    }

    @AfterAll
    static void close() {
        CONTEXT.tables().close();
    }

    static Object run(String args) throws Exception {
        return ScalingMagicTest.MAGIC.run(new MagicCall("scaling", MagicKind.LINE, args, ArgumentSplitter.split(args), "",
                1), CONTEXT);
    }

    static String text(Object result) {
        return assertInstanceOf(Displayable.class, result).toMimeBundle().plainText();
    }

    /** The authors' optimal_Nv_predict.py prints 211860, 230861, 217961 for N_nv = 70e9 (see VocabPublishedTest). */
    @Test
    void optimalForLlama2SizedModelGivesThePublishedVocabularies() throws Exception {
        String out = text(run("vocab optimal --nnv 70e9"));
        System.out.println(out);
        assertTrue(out.contains("V_opt = 211,860") || out.contains("V_opt = 211,861"), out);
        assertTrue(out.contains("V_opt = 230,861"), out);
        assertTrue(out.contains("V_opt = 217,961"), out);
        assertTrue(out.contains("d = 8192"), out);
    }

    @Test
    void fitStoresTheLibraryFit() throws Exception {
        String out = text(run("vocab fit --table vsyn --as vsynfit"));
        VocabFit stored = assertInstanceOf(VocabFit.class, CONTEXT.variables.get("vsynfit"));
        try (Table t = Csv.read(DIR.resolve("synthetic_runs.csv"), CONTEXT.tables().allocator())) {
            VocabFit direct = new VocabFitter(VocabLaw.tiedExponents()).fit(VocabData.fromTable(t,
                    VocabData.Columns.defaults()), Progress.NONE);
            assertEquals(direct.objective(), stored.objective());
            assertEquals(direct.params(), stored.params());
        }
        assertTrue(out.contains("L_u = -"), out);
        assertFalse(out.contains("warning"), out);
        // One start at the released constants reaches the same optimum on runs made from them.
        text(run("vocab fit --table vsyn --start published --as vsynpub"));
        VocabFit fromPublished = assertInstanceOf(VocabFit.class, CONTEXT.variables.get("vsynpub"));
        assertEquals(1, fromPublished.starts());
        assertEquals(stored.objective(), fromPublished.objective(), 1e-9 * stored.objective());
        String withFit = text(run("vocab optimal --flops 7.05e23 --fit vsynfit"));
        assertTrue(withFit.contains("fit vsynfit"), withFit);
        assertInstanceOf(Chart.class, run("vocab plot --fit vsynfit --from 1e19 --to 1e24"));
        assertInstanceOf(Chart.class, run("plot vocab"));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(MagicUsageException.class, () -> run("vocab fit"));
        MagicUsageException column = assertThrows(MagicUsageException.class,
                () -> run("vocab fit --table vsyn --loss-col lossu"));
        assertTrue(column.getMessage().contains("no column 'lossu'"), column.getMessage());
        assertThrows(MagicUsageException.class, () -> run("vocab fit --table vsyn --bootstrap 1"));
        assertThrows(MagicUsageException.class, () -> run("vocab fit --table vsyn --start somewhere"));
        assertThrows(MagicUsageException.class, () -> run("vocab optimal"));
        assertThrows(MagicUsageException.class, () -> run("vocab optimal --flops -3"));
        assertThrows(MagicUsageException.class, () -> run("vocab optimal --flops 1e21 --fit nosuch"));
        assertThrows(MagicUsageException.class, () -> run("vocab plot --from 1e22 --to 1e20"));
        assertThrows(MagicUsageException.class, () -> run("vocab frobnicate"));
        MagicFailure none = assertThrows(MagicFailure.class, () -> run("vocab fit --table vsyn --min-flops 1e30 --as x"));
        assertTrue(none.getMessage().contains("--min-flops"), none.getMessage());
        assertFalse(CONTEXT.variables.containsKey("x"));
    }

    @Test
    void helpListsTheOptions() throws Exception {
        String help = assertInstanceOf(HelpText.class, run("vocab --help")).toString();
        for (String option : new String[] {"--table", "--nnv-col", "--loss-col", "--min-flops", "--free-alpha1",
                "--bootstrap", "--start", "--flops", "--nnv", "--dim", "--fit", "--from", "--to"}) {
            assertTrue(help.contains(option), option);
        }
    }
}

package org.lmlab.magics.lengths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.stats.QuantileMethod;
import org.lmlab.lengths.alpacaeval.AlpacaEvalReader;
import org.lmlab.lengths.alpacaeval.Annotation;
import org.lmlab.lengths.alpacaeval.Leaderboard;
import org.lmlab.lengths.alpacaeval.LeaderboardEntry;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.lengths.fit.Family;
import org.lmlab.lengths.fit.LengthFits;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.table.Table;
import org.lmlab.table.TableCatalog;

/**
 * {@code %lengths} over tables built from the shipped CASTILLO and AlpacaEval files: its numbers equal the library's
 * (whose agreement with numpy, scipy, scikit-learn and the AlpacaEval leaderboard the lib tests check) and the
 * leaderboard's own win rates; every subcommand has --help; unknown columns and bad values fail clearly.
 */
class LengthsMagicTest {

    private static final Path DATA = Path.of("..", "datasets");
    private static final TableCatalog TABLES = new TableCatalog();
    private static final CommandMagic MAGIC = CommandMagic.line(LengthsMagic::new);
    private static final FakeMagicContext CONTEXT = new FakeMagicContext(TABLES);
    private static List<CastilloRow> castillo;

    @BeforeAll
    static void loadTables() {
        castillo = CastilloReader.read(DATA.resolve("castillo/castillo_test.jsonl"));
        List<String> model = new ArrayList<>();
        List<String> dataset = new ArrayList<>();
        List<String> prompt = new ArrayList<>();
        List<Double> length = new ArrayList<>();
        for (CastilloRow r : castillo.subList(0, 1500)) {
            for (int s : r.outputSizes()) {
                model.add(r.model());
                dataset.add(r.dataset());
                prompt.add(r.promptId());
                length.add((double) s);
            }
        }
        TABLES.put("castillo", Table.builder(TABLES.allocator(), "castillo").utf8("model", model.toArray(String[]::new))
                .utf8("dataset", dataset.toArray(String[]::new)).utf8("prompt_id", prompt.toArray(String[]::new))
                .float64("length", length.toArray(Double[]::new)).build());
        List<Annotation> ann = AlpacaEvalReader.readAnnotations(DATA.resolve("alpaca_eval/annotations.jsonl"));
        TABLES.put("annotations", Table.builder(TABLES.allocator(), "annotations")
                .utf8("model", ann.stream().map(Annotation::model).toArray(String[]::new))
                .int32("instruction_index", ann.stream().map(Annotation::instructionIndex).toArray(Integer[]::new))
                .float64("preference", ann.stream().map(Annotation::preference).toArray(Double[]::new))
                .int32("output_chars", ann.stream().map(Annotation::outputChars).toArray(Integer[]::new))
                .int32("baseline_chars", ann.stream().map(Annotation::baselineChars).toArray(Integer[]::new)).build());
        TABLES.put("bad", Table.builder(TABLES.allocator(), "bad").utf8("model", "m", "m", "m")
                .float64("length", 3.0, -2.0, 4.5).utf8("target", "10", "30", "12").build());
    }

    @AfterAll
    static void close() {
        TABLES.close();
    }

    static Object run(String args) throws Exception {
        List<String> words = Arrays.asList(args.split(" +"));
        return MAGIC.run(new MagicCall("lengths", MagicKind.LINE, args, words, null, 1), CONTEXT);
    }

    private static double[] lengths(String model, String dataset) {
        return castillo.subList(0, 1500).stream().filter(r -> r.model().equals(model) && r.dataset().equals(dataset))
                .flatMapToDouble(r -> Arrays.stream(r.lengths())).toArray();
    }

    @Test
    void statsPerGroupEqualTheLibrary() throws Exception {
        Table t = (Table) run("stats --table castillo --value length --by model dataset --sd sample --quantiles 0.5,0.9");
        assertSame(t, TABLES.get("lengths_stats"));
        assertTrue(t.rowCount() >= 2);
        for (int row = 0; row < t.rowCount(); row++) {
            LengthStats s = LengthStats.of(lengths(t.getString("model", row), t.getString("dataset", row)));
            assertEquals(s.count(), t.getLong("count", row));
            assertEquals(s.mean(), t.getDouble("mean", row), 0);
            assertEquals(s.sd(Dispersion.SAMPLE), t.getDouble("sd", row), 0);
            assertEquals(s.quantile(0.9, QuantileMethod.LINEAR), t.getDouble("q0.9", row), 0);
        }
    }

    @Test
    void fitRanksFamiliesPerGroup() throws Exception {
        Table t = (Table) run("fit --table castillo --value length --by model --as fits");
        String model = t.getString("model", 0);
        double[] x = castillo.subList(0, 1500).stream().filter(r -> r.model().equals(model))
                .flatMapToDouble(r -> Arrays.stream(r.lengths())).toArray();
        var expected = LengthFits.fitAll(LengthFits.Criterion.AIC, true, x);
        assertEquals(6, expected.size());
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k).family().name().toLowerCase(), t.getString("family", k));
            assertEquals(expected.get(k).logLikelihood(), t.getDouble("loglik", k), 0);
            assertEquals(k + 1, t.getLong("rank", k));
        }
        Table one = (Table) run("fit --table castillo --value length --by model --families negative_binomial,gamma"
                + " --criterion BIC --as fits2");
        assertEquals(model, one.getString("model", 0));
        assertTrue(one.getDouble("bic", 0) <= one.getDouble("bic", 1));
        double gammaBic = one.getString("family", 0).equals("gamma") ? one.getDouble("bic", 0) : one.getDouble("bic", 1);
        assertEquals(LengthFits.fit(Family.GAMMA, x).bic(), gammaBic, 0);
    }

    @Test
    void oneDegenerateGroupDoesNotAbortTheOthers() throws Exception {
        List<String> groups = new ArrayList<>();
        List<Double> lengths = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            groups.addAll(List.of("equal", "zeros", "spread"));
            lengths.addAll(List.of(1000.0, 0.0, 50.0 + 7 * i + (i % 3) * 30));
        }
        TABLES.put("degenerate", Table.builder(TABLES.allocator(), "degenerate")
                .utf8("g", groups.toArray(String[]::new)).float64("length", lengths.toArray(Double[]::new)).build());
        Table t = (Table) run("fit --table degenerate --value length --by g --as degenerate_fit");
        assertSame(t, TABLES.get("degenerate_fit"));
        Map<String, String> status = new LinkedHashMap<>();
        Map<String, String> note = new LinkedHashMap<>();
        for (int row = 0; row < t.rowCount(); row++) {
            String key = t.getString("g", row) + " " + t.getString("family", row);
            status.put(key, t.getString("status", row));
            note.put(key, t.getString("note", row));
        }
        assertEquals(18, t.rowCount());
        assertEquals("fitted", status.get("equal exponential"));
        assertEquals("skipped", status.get("equal weibull"));
        assertEquals("cannot fit WEIBULL: all lengths are equal", note.get("equal weibull"));
        assertEquals("40 of 40 lengths are 0; LOGNORMAL needs positive lengths", note.get("zeros lognormal"));
        assertTrue(status.entrySet().stream().filter(e -> e.getKey().startsWith("zeros"))
                .allMatch(e -> e.getValue().equals("skipped")), status.toString());
        double[] x = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = lengths.get(3 * i + 2);
        }
        var expected = LengthFits.fitAll(LengthFits.Criterion.AIC, true, x);
        for (int k = 0; k < expected.size(); k++) {
            int row = 12 + k;
            assertEquals("spread", t.getString("g", row));
            assertEquals(expected.get(k).family().name().toLowerCase(), t.getString("family", row));
            assertEquals(expected.get(k).logLikelihood(), t.getDouble("loglik", row), 0);
            assertEquals(k + 1, t.getLong("rank", row));
        }
        Table none = (Table) run("fit --table degenerate --value length --by g --families weibull --as none");
        assertEquals(3, none.rowCount());
        assertEquals("skipped", none.getString("status", 1));
        assertTrue(none.getDouble("aic", 2) > 0, "the spread group still fits");
    }

    @Test
    void winRatesReproduceTheLeaderboard() throws Exception {
        Table t = (Table) run("winrate --table annotations");
        Map<String, LeaderboardEntry> board = Leaderboard.read(
                DATA.resolve("alpaca_eval/leaderboards/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"));
        assertEquals(8, t.rowCount());
        for (int row = 0; row < t.rowCount(); row++) {
            LeaderboardEntry e = board.get(t.getString("model", row));
            assertEquals(e.winRate(), t.getDouble("win_rate", row), 1e-6);
            assertEquals(e.standardError(), t.getDouble("standard_error", row), 1e-6);
            assertEquals(e.nTotal(), t.getLong("n_total", row));
            assertTrue(t.getDouble("lc_win_rate", row) > 0 && t.getDouble("lc_win_rate", row) < 100);
        }
        Chart chart = (Chart) run("plot winrate --table lengths_winrate");
        assertTrue(chart.toPng().length > 1000);
    }

    @Test
    void compareFollowAndPlot() throws Exception {
        String a = castillo.get(0).model();
        String b = castillo.subList(0, 1500).stream().map(CastilloRow::model).filter(m -> !m.equals(a)).findFirst().orElseThrow();
        Table c = (Table) run("compare --table castillo --value length --a " + a + " --b " + b
                + " --pair-by dataset prompt_id --replicates 200 --seed 3");
        assertTrue(c.getDouble("low", 0) <= c.getDouble("difference", 0) && c.getDouble("difference", 0) <= c.getDouble("high", 0));
        assertEquals(true, c.getBoolean("paired", 0));
        Table f = (Table) run("follow --table castillo --target length --length length --mode predict --by model");
        assertEquals(0, f.getDouble("mae", 0), 0);
        assertEquals(1, f.getDouble("kendall_tau_b", 0), 1e-12);
        Table l = (Table) run("follow --table castillo --target length --length length --mode longwriter");
        assertEquals(100, l.getDouble("length_score", 0), 1e-12);
        for (String kind : List.of("hist", "ecdf", "box", "violin")) {
            Chart chart = (Chart) run("plot " + kind + " --table castillo --value length --by model --fit lognormal");
            assertTrue(chart.toPng().length > 1000, kind);
        }
        assertTrue(run("plot meansd --table castillo --value length --by model --prompt dataset prompt_id") instanceof Chart);
    }

    @Test
    void helpForEverySubcommand() throws Exception {
        for (String sub : List.of("stats", "fit", "compare", "winrate", "follow", "plot", "sample")) {
            Object help = run(sub + " --help");
            assertTrue(help instanceof HelpText && help.toString().contains("%lengths " + sub), sub);
        }
        assertTrue(MAGIC.help().contains("winrate"));
    }

    @Test
    void badInputFailsClearly() throws Exception {
        MagicUsageException unknown = assertThrows(MagicUsageException.class,
                () -> run("stats --table castillo --value tokens"));
        assertTrue(unknown.getMessage().startsWith("table 'castillo' has no column 'tokens'; columns: [model,"),
                unknown.getMessage());
        assertTrue(assertThrows(MagicUsageException.class, () -> run("stats --table nope --value x")).getMessage()
                .startsWith("no table named 'nope'"));
        Table counts = (Table) run("fit --table bad --value length --families negative_binomial --as bad_fit");
        assertEquals("failed", counts.getString("status", 0));
        assertEquals("cannot fit NEGATIVE_BINOMIAL: length at index 1 is -2.0; counts must be non-negative whole "
                + "numbers", counts.getString("note", 0));
        MagicFailure ruler = assertThrows(MagicFailure.class, () -> run("follow --table bad --target target --length length"));
        assertEquals("%lengths follow: length at index 1 is -2.0; word counts must be finite and non-negative",
                ruler.getMessage());
        assertEquals("%lengths compare: group all (model column 'model'): no responses of model 'z'; models: [m]",
                assertThrows(MagicFailure.class, () -> run("compare --table bad --value length --a m --b z")).getMessage());
        assertEquals("--a and --b both name model 'm'; give two different models of column 'model'",
                assertThrows(MagicUsageException.class, () -> run("compare --table bad --value length --a m --b m"))
                        .getMessage());
    }

    @Test
    void countsTooLargeForTheHeapAreRefusedBeforeAllocating() throws Exception {
        TABLES.put("two", Table.builder(TABLES.allocator(), "two").utf8("model", "a", "b", "a", "b")
                .float64("length", 3.0, 4.0, 5.0, 9.0).build());
        run("stats --table two --value length --as kept");
        MagicFailure replicates = assertThrows(MagicFailure.class,
                () -> run("compare --table two --value length --a a --b b --replicates 2000000000 --as refused"));
        assertTrue(replicates.getMessage().matches("%lengths compare: --replicates 2000000000 needs ~44\\.7 GiB of "
                + "memory; the kernel has .* free \\(heap limit .*\\); use at most --replicates \\d+, or give the "
                + "kernel a larger heap \\(-Xmx.*"), replicates.getMessage());
        MagicFailure bins = assertThrows(MagicFailure.class,
                () -> run("plot hist --table two --value length --bins 2000000000"));
        assertTrue(bins.getMessage().startsWith("%lengths plot: --bins 2000000000 needs ~"), bins.getMessage());
        assertTrue(!TABLES.contains("refused"), "no result table for refused work");
        assertEquals(1, TABLES.get("kept").rowCount());
        Table ok = (Table) run("compare --table two --value length --a a --b b --replicates 50");
        assertEquals(-2.5, ok.getDouble("difference", 0), 1e-12);
    }
}

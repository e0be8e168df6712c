package org.lmlab.magics.extrapolate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmlab.magics.ArgumentSplitter;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.plot.ChartKind;
import org.lmlab.plot.SeriesInfo;
import org.lmlab.plot.internal.GridSpec;
import org.lmlab.plot.internal.HeatmapSpec;
import org.lmlab.plot.internal.ReferenceLine;
import org.lmlab.plot.internal.XYLayer;
import org.lmlab.plot.internal.XYSpec;
import org.lmlab.table.Table;

/**
 * {@code %extrapolate plot ppl|passkey|positions --table NAME}: the magic finds the table as
 * %table does, passes its options to org.lmlab.model.extrapolation.sweep.plot (whose tests check
 * the charts against the tables) and marks the loaded model's trained context.
 */
class PlotSweepTest {

    final FakeMagicContext context = new FakeMagicContext();

    @TempDir
    Path dir;

    @BeforeEach
    void tables() {
        var a = context.tables().allocator();
        // tiny-llama (the loaded model of WITH_MODEL) at 1024 and 2048 tokens; plain RoPE explodes at 2048
        context.tables().put("sweep", Table.builder(a, "sweep s.jsonl")
                .utf8("model", "tiny-llama", "tiny-llama", "tiny-llama", "tiny-llama")
                .utf8("method", "none", "none", "yarn:4", "yarn:4")
                .int64("length", 2048L, 1024L, 1024L, 2048L)
                .float64("ppl", 950.0, 11.0, 11.5, 12.0)
                .float64("mean_nll", Math.log(950), Math.log(11), Math.log(11.5), Math.log(12))
                .int64("position_bucket", 512L, 512L, 512L, 512L)
                .utf8("position_nll", "[null,2.5,6.0,7.5]", "[null,2.4]", "[null,2.45]", "[null,2.5,2.5,2.6]")
                .build());
        // two trials per cell; none finds the key at 1024 only
        context.tables().put("keys", Table.builder(a, "sweep k.jsonl")
                .utf8("model", "other", "other", "other", "other", "other", "other", "other", "other")
                .utf8("method", "none", "none", "none", "none", "sinks:4+60", "sinks:4+60", "sinks:4+60", "sinks:4+60")
                .int64("length", 1024L, 1024L, 2048L, 2048L, 1024L, 1024L, 2048L, 2048L)
                .float64("depth", 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5)
                .int64("seed", 0L, 1L, 0L, 1L, 0L, 1L, 0L, 1L)
                .bool("correct", true, true, false, false, true, false, true, true)
                .build());
        context.tables().put("empty", Table.builder(context.tables().allocator(), "sweep e.jsonl")
                .utf8("model").utf8("method").int64("length").float64("ppl").build());
    }

    @AfterEach
    void close() {
        context.tables().close();
    }

    Object run(CommandMagic magic, String args) throws Exception {
        return magic.run(new MagicCall("extrapolate", MagicKind.LINE, args, ArgumentSplitter.split(args), null, 1), context);
    }

    static XYLayer layer(Chart chart, String name) {
        return ((XYSpec) chart.spec()).layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void pplDrawsTheTableWithTheLoadedModelsTrainedContext() throws Exception {
        Chart chart = assertInstanceOf(Chart.class, run(ExtrapolateMagicTest.WITH_MODEL, "plot ppl --table sweep"));
        assertEquals(List.of("none", "yarn:4"), chart.series().stream().map(SeriesInfo::name).toList());
        assertArrayEquals(new double[] {1024, 2048}, layer(chart, "none").x(), 0.0);
        assertArrayEquals(new double[] {11.0, 950.0}, layer(chart, "none").y(), 0.0);
        assertArrayEquals(new double[] {11.5, 12.0}, layer(chart, "yarn:4").y(), 0.0);
        assertTrue(chart.logY());
        assertEquals(List.of(new ReferenceLine(2048, "trained context 2048")), ((XYSpec) chart.spec()).referenceLines());
        assertTrue(context.printed().contains("Trained context 2048 from the loaded model tiny-llama"), context.printed());
    }

    @Test
    void pplTakesMetricMethodsTrainedScaleCapTitleAndSaves() throws Exception {
        Path svg = dir.resolve("ppl.svg");
        Chart chart = (Chart) run(ExtrapolateMagicTest.NO_MODEL, "plot ppl --table sweep --metric nll --methods yarn:4,none"
                + " --trained 1024 --y-scale log --ymax 5 --title 'NLL' --save " + svg);
        assertEquals(List.of("yarn:4", "none"), chart.series().stream().map(SeriesInfo::name).toList());
        assertArrayEquals(new double[] {Math.log(11), Math.log(950)}, layer(chart, "none").y(), 0.0);
        XYSpec spec = (XYSpec) chart.spec();
        assertEquals(5.0, spec.yMax());
        assertTrue(chart.logY(), "--y-scale log over NLL's linear default");
        assertEquals(List.of(new ReferenceLine(1024, "trained context 1024")), spec.referenceLines());
        assertEquals("NLL", chart.title());
        assertTrue(Files.readString(svg).contains("<svg"));
        assertTrue(context.printed().contains("Saved the chart to " + svg.toAbsolutePath()), context.printed());
    }

    @Test
    void withoutATrainedContextThereIsNoMarkAndTheMagicSaysWhy() throws Exception {
        Chart chart = (Chart) run(ExtrapolateMagicTest.NO_MODEL, "plot ppl --table sweep");
        assertEquals(List.of(), ((XYSpec) chart.spec()).referenceLines());
        assertTrue(context.printed().contains("No trained-context mark: no model is loaded; pass --trained N to mark it"),
                context.printed());
        run(ExtrapolateMagicTest.WITH_MODEL, "plot passkey --table keys");
        assertTrue(context.printed().contains("No trained-context mark: the table's rows are of other, not the loaded "
                + "tiny-llama; pass --trained N to mark it"), context.printed());
    }

    @Test
    void passkeyDrawsAnAccuracyPanelPerMethod() throws Exception {
        Chart chart = (Chart) run(ExtrapolateMagicTest.NO_MODEL, "plot passkey --table keys --trained 1024");
        assertEquals(ChartKind.GRID, chart.kind());
        List<HeatmapSpec> panels = ((GridSpec) chart.spec()).panels().stream().map(p -> (HeatmapSpec) p).toList();
        assertEquals(List.of("none", "sinks:4+60"), panels.stream().map(p -> p.frame().title()).toList());
        // none: 2 of 2 at 1024, 0 of 2 at 2048; sinks: 1 of 2, 2 of 2
        assertArrayEquals(new double[] {1.0, 0.0}, panels.get(0).z()[0], 0.0);
        assertArrayEquals(new double[] {0.5, 1.0}, panels.get(1).z()[0], 0.0);
        assertArrayEquals(new String[] {"1/2", "2/2"}, panels.get(1).cellLabels()[0]);
    }

    @Test
    void positionsDrawTheLongestLengthOrTheOneAsked() throws Exception {
        Chart longest = (Chart) run(ExtrapolateMagicTest.WITH_MODEL, "plot positions --table sweep");
        assertArrayEquals(new double[] {512, 1024, 1536}, layer(longest, "none").x(), 0.0);
        assertArrayEquals(new double[] {2.5, 6.0, 7.5}, layer(longest, "none").y(), 0.0);
        assertEquals(List.of(new ReferenceLine(2048, "trained context 2048")), ((XYSpec) longest.spec()).referenceLines());
        Chart shorter = (Chart) run(ExtrapolateMagicTest.NO_MODEL, "plot positions --table sweep --length 1k --ymax 3");
        assertArrayEquals(new double[] {512}, layer(shorter, "yarn:4").x(), 0.0);
        assertArrayEquals(new double[] {2.45}, layer(shorter, "yarn:4").y(), 0.0);
        assertEquals(3.0, ((XYSpec) shorter.spec()).yMax());
    }

    @Test
    void aTableVariableServesAsWellAsACatalogTable() throws Exception {
        Table variable = Table.builder(context.tables().allocator(), "mine").utf8("model", "m").utf8("method", "none")
                .int64("length", 128L).float64("ppl", 9.0).build();
        try (variable) {
            context.define("mine", variable, Table.class);
            Chart chart = (Chart) run(ExtrapolateMagicTest.NO_MODEL, "plot ppl --table mine");
            assertArrayEquals(new double[] {9.0}, layer(chart, "none").y(), 0.0);
        }
    }

    static Stream<Arguments> badPlots() {
        return Stream.of(
                Arguments.of("plot ppl", "plot ppl draws a sweep's results table: give it with --table NAME"),
                Arguments.of("plot positions --table nope", "no table named 'nope'"),
                Arguments.of("plot passkey --table sweep", "--table sweep: an accuracy heat map needs columns 'depth' "
                        + "(written by a passkey or needle sweep (task passkey or needle)), 'correct' (written by a "
                        + "passkey or needle sweep (task passkey or needle)), which table 'sweep s.jsonl' lacks"),
                Arguments.of("plot ppl --table keys", "--table keys: a perplexity chart needs column 'ppl' (written by a "
                        + "perplexity sweep (task ppl)), which table 'sweep k.jsonl' lacks; its columns: model, method,"
                        + " length, depth, seed, correct"),
                Arguments.of("plot positions --table keys", "needs columns 'position_bucket' (written by a perplexity "
                        + "sweep with position buckets (task ppl, bucket > 0)), 'position_nll'"),
                Arguments.of("plot ppl --table empty", "--table empty: table 'sweep e.jsonl' has no rows, so there is "
                        + "nothing to plot"),
                Arguments.of("plot positions --table sweep --length 4k",
                        "--table sweep: table 'sweep s.jsonl' has no rows at length 4096; its lengths: 1024, 2048"),
                Arguments.of("plot positions --table sweep --length abc", "'abc' is not a number of tokens (e.g. 8192 or 8k)"),
                Arguments.of("plot positions --table sweep --length 0.5", "'0.5' is not a whole number of tokens >= 1"),
                Arguments.of("plot ppl --table sweep --methods none,ntk:4",
                        "method 'ntk:4' is not in table 'sweep s.jsonl'; it has none, yarn:4"),
                Arguments.of("plot ppl --table sweep --methods none,,yarn:4", "--methods has an empty entry: 'none,,yarn:4'"),
                Arguments.of("plot ppl --table sweep --ymax -1", "the y maximum must be a finite number > 0, not -1.0"),
                Arguments.of("plot ppl --table sweep --ymax 1", "every y value is at or above the y maximum 1.0"),
                Arguments.of("plot ppl --table sweep --trained 0", "--trained must be a context length >= 1, not 0"),
                Arguments.of("plot ppl --table sweep --metric loss", "Invalid value for option '--metric'"),
                Arguments.of("plot ppl --table sweep --y-scale ln", "Invalid value for option '--y-scale'"),
                Arguments.of("plot frequencies --table sweep",
                        "--table does not apply to plot frequencies; it serves ppl, passkey, positions"),
                Arguments.of("plot ppl --table sweep --head-dim 64",
                        "--head-dim does not apply to plot ppl; it serves frequencies"),
                Arguments.of("plot passkey --table keys --metric nll", "--metric does not apply to plot passkey; it serves ppl"),
                Arguments.of("plot passkey --table keys --ymax 2", "--ymax does not apply to plot passkey"),
                Arguments.of("plot ppl --table sweep --length 1k", "--length does not apply to plot ppl; it serves positions"),
                Arguments.of("plot heatmap --table sweep", "expected one of [frequencies, ppl, passkey, positions]"));
    }

    @ParameterizedTest
    @MethodSource("badPlots")
    void badArgumentsExplainThemselves(String args, String message) {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> run(ExtrapolateMagicTest.NO_MODEL, args));
        assertTrue(e.getMessage().contains(message), "expected \"" + message + "\" in: " + e.getMessage());
        assertFalse(e.usage().isBlank(), "a usage comes with the error");
        assertEquals(List.of("empty", "keys", "sweep"), context.tables().names().stream().sorted().toList(),
                "the tables are untouched");
    }
}

package org.lmlab.magics.extrapolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmlab.magics.ArgumentSplitter;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.model.rope.RopeScalingJson;
import org.lmlab.plot.Chart;
import org.lmlab.plot.SeriesInfo;
import org.lmlab.table.Table;

/**
 * {@code %extrapolate} parses its arguments and delegates to org.lmlab.model.rope: its tables hold
 * exactly the library's numbers (which lib's tests check against numpy), and spot values match
 * the formulas written out here.
 */
class ExtrapolateMagicTest {

    static final CommandMagic NO_MODEL = CommandMagic.line(() -> new ExtrapolateMagic(Optional::empty));
    static final RopeGeometry TINY = new RopeGeometry(64, 10000, 1.0, 2048);
    static final CommandMagic WITH_MODEL = CommandMagic.line(() -> new ExtrapolateMagic(
            () -> Optional.of(new LoadedRope("tiny-llama", TINY))));

    final FakeMagicContext context = new FakeMagicContext();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        context.tables().close();
    }

    Object run(CommandMagic magic, String args) throws Exception {
        return magic.run(new MagicCall("extrapolate", MagicKind.LINE, args, ArgumentSplitter.split(args), null, 1), context);
    }

    Object run(String args) throws Exception {
        return run(NO_MODEL, args);
    }

    /** The usage error of {@code args}, after checking that it registered and defined nothing. */
    MagicUsageException refused(CommandMagic magic, String args) {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> run(magic, args));
        assertTrue(context.tables().names().isEmpty(), "no table registered: " + context.tables().names());
        assertTrue(context.variables.isEmpty(), "no variable defined: " + context.variables.keySet());
        assertFalse(e.usage().isBlank(), "a usage comes with the error");
        return e;
    }

    MagicUsageException refused(String args) {
        return refused(NO_MODEL, args);
    }

    static void assertTableOf(RopeFrequencies expected, Table table) {
        assertEquals(List.of("index", "inv_freq", "wavelength", "attention_factor"), table.columnNames());
        assertEquals(expected.pairs(), table.rowCount());
        for (int i = 0; i < expected.pairs(); i++) {
            assertEquals(i, table.getInt("index", i));
            assertEquals(expected.invFreq(i), table.getDouble("inv_freq", i), 0.0);
            assertEquals(expected.wavelength(i), table.getDouble("wavelength", i), 0.0);
            assertEquals(expected.attentionFactor(), table.getDouble("attention_factor", i), 0.0);
        }
    }

    static double plain(int i, double base, int d) {
        return 1.0 / Math.pow(base, 2.0 * i / d);
    }

    // ---- frequencies: values -------------------------------------------------------------------

    @Test
    void yarnShorthandIsTheLibraryTableWithThePapersValues() throws Exception {
        Table table = assertInstanceOf(Table.class,
                run("frequencies --method yarn --factor 4 --original 2048 --head-dim 64 --base 10000"));
        assertTableOf(RopeScaling.Yarn.of(4, 2048).frequencies(RopeGeometry.of(64, 10000)), table);
        // Direct formula: pairs below floor(corr(32)) keep inv_i, above ceil(corr(1)) get inv_i / 4.
        double low = Math.floor(64 * Math.log(2048 / (32 * 2 * Math.PI)) / (2 * Math.log(10000)));
        double high = Math.ceil(64 * Math.log(2048 / (1 * 2 * Math.PI)) / (2 * Math.log(10000)));
        assertEquals(8, low);
        assertEquals(21, high);
        assertEquals(1.0, table.getDouble("inv_freq", 0), 0.0);
        assertEquals(plain(3, 10000, 64), table.getDouble("inv_freq", 3), 1e-15);
        assertEquals(plain(31, 10000, 64) / 4, table.getDouble("inv_freq", 31), 1e-18);
        double ramp = (12 - low) / (high - low);
        assertEquals(plain(12, 10000, 64) / 4 * ramp + plain(12, 10000, 64) * (1 - ramp),
                table.getDouble("inv_freq", 12), 1e-15);
        assertEquals(2 * Math.PI * 4 * Math.pow(10000, 62.0 / 64), table.getDouble("wavelength", 31), 1e-6);
        assertEquals(0.1 * Math.log(4) + 1, table.getDouble("attention_factor", 17), 1e-15);
        assertEquals(table, context.tables().get("frequencies"), "registered under the default name");
        assertEquals(table, context.variables.get("frequencies"));
        assertEquals(Table.class.getCanonicalName(), context.types.get("frequencies"));
    }

    @Test
    void configFormGivesTheSameTableAsTheShorthand() throws Exception {
        Table json = (Table) run("frequencies --rope-scaling '{\"rope_type\":\"yarn\",\"factor\":4,"
                + "\"original_max_position_embeddings\":2048}' --head-dim 64 --base 10000 --as from_json");
        Table shorthand = (Table) run("frequencies --method yarn --factor 4 --original 2048 --head-dim 64 --base 10000 "
                + "--as from_options");
        assertTableOf(RopeScalingJson.parse("{\"rope_type\":\"yarn\",\"factor\":4,\"original_max_position_embeddings\""
                + ":2048}").frequencies(RopeGeometry.of(64, 10000)), json);
        for (int i = 0; i < 32; i++) {
            assertEquals(json.getDouble("inv_freq", i), shorthand.getDouble("inv_freq", i), 0.0);
        }
        assertEquals(List.of("from_json", "from_options"), context.tables().names().stream().sorted().toList());
    }

    @Test
    void everyMethodMatchesItsFormula() throws Exception {
        Table linear = (Table) run("frequencies --method linear --factor 4 --head-dim 64 --base 10000 --as linear");
        Table ntk = (Table) run("frequencies --method ntk --factor 4 --head-dim 64 --base 10000 --as ntk");
        Table plainRope = (Table) run("frequencies --head-dim 64 --base 10000 --as plain");
        Table dynamic = (Table) run("frequencies --method dynamic --factor 4 --head-dim 64 --base 10000 "
                + "--max-position-embeddings 2048 --seq-len 8192 --as dynamic");
        Table llama3 = (Table) run("frequencies --method llama3 --factor 8 --original 8192 --head-dim 128 --base 500000 "
                + "--as llama3");
        double ntkBase = 10000 * Math.pow(4, 64.0 / 62);
        double dynamicBase = 10000 * Math.pow(4.0 * 8192 / 2048 - 3, 64.0 / 62);
        for (int i = 0; i < 32; i++) {
            assertEquals(plain(i, 10000, 64), plainRope.getDouble("inv_freq", i), 1e-15 * plain(i, 10000, 64));
            assertEquals(plain(i, 10000, 64) / 4, linear.getDouble("inv_freq", i), 1e-15 * plain(i, 10000, 64));
            assertEquals(plain(i, ntkBase, 64), ntk.getDouble("inv_freq", i), 1e-14 * plain(i, ntkBase, 64));
            assertEquals(plain(i, dynamicBase, 64), dynamic.getDouble("inv_freq", i), 1e-14 * plain(i, dynamicBase, 64));
            assertEquals(1.0, linear.getDouble("attention_factor", i), 0.0);
        }
        assertTableOf(new RopeScaling.Llama3(8, 1, 4, 8192).frequencies(RopeGeometry.of(128, 500000)), llama3);
        // Llama 3: wavelengths above 8192 / 1 are divided by 8, below 8192 / 4 kept.
        assertEquals(plain(0, 500000, 128), llama3.getDouble("inv_freq", 0), 0.0);
        assertEquals(plain(63, 500000, 128) / 8, llama3.getDouble("inv_freq", 63), 1e-15 * plain(63, 500000, 128));
    }

    @Test
    void longRopeTakesItsListsAndSwitchesOnSeqLen() throws Exception {
        String shortList = String.join(",", java.util.Collections.nCopies(8, "1.5"));
        String longList = String.join(",", java.util.Collections.nCopies(8, "3"));
        String args = "frequencies --method longrope --short-factor " + shortList + " --long-factor " + longList
                + " --original 4096 --head-dim 16 --base 10000 --max-position-embeddings 131072";
        Table shortTable = (Table) run(args + " --as short_table");
        Table longTable = (Table) run(args + " --seq-len 5000 --as long_table");
        double attention = Math.sqrt(1 + Math.log(32) / Math.log(4096));
        for (int i = 0; i < 8; i++) {
            assertEquals(plain(i, 10000, 16) / 1.5, shortTable.getDouble("inv_freq", i), 1e-15);
            assertEquals(plain(i, 10000, 16) / 3, longTable.getDouble("inv_freq", i), 1e-15);
            assertEquals(attention, longTable.getDouble("attention_factor", i), 1e-15);
        }
    }

    @Test
    void partialRotaryFactorAndJsonBaseShapeTheTable() throws Exception {
        Table partial = (Table) run("frequencies --head-dim 128 --base 10000 --partial-rotary-factor 0.5 --as partial");
        assertEquals(32, partial.rowCount());
        assertEquals(plain(5, 10000, 64), partial.getDouble("inv_freq", 5), 1e-15);
        // rope_theta inside the object supplies the base (and overrides --base).
        Table theta = (Table) run("frequencies --rope-scaling '{\"rope_type\":\"linear\",\"factor\":2,\"rope_theta\":500000}'"
                + " --head-dim 64 --as theta");
        assertEquals(plain(7, 500000, 64) / 2, theta.getDouble("inv_freq", 7), 1e-15);
    }

    @Test
    void aLoadedModelSuppliesHeadDimBaseAndContext() throws Exception {
        Table table = (Table) run(WITH_MODEL, "frequencies --method yarn --factor 4");
        assertTableOf(RopeScaling.Yarn.of(4, 2048).frequencies(TINY), table);
        assertTrue(context.printed().contains("head_dim 64, base 10000, max_position_embeddings 2048 from the loaded "
                + "model tiny-llama"), context.printed());
        Table dynamic = (Table) run(WITH_MODEL, "frequencies --method dynamic --factor 2 --seq-len 4096 --as dyn");
        assertTableOf(new RopeScaling.DynamicNtk(2).frequencies(TINY, 4096), dynamic);
        Table own = (Table) run(WITH_MODEL, "frequencies --head-dim 128 --base 500000 --as own");
        assertTableOf(new RopeScaling.Default().frequencies(RopeGeometry.of(128, 500000)), own);
    }

    @Test
    void aTableNameOfAnotherTypeIsNotReplacedUnlessAsked() throws Exception {
        context.define("frequencies", 3, int.class);
        context.types.put("frequencies", "int");
        MagicUsageException e = assertThrows(MagicUsageException.class,
                () -> run("frequencies --head-dim 64 --base 10000"));
        assertTrue(e.getMessage().contains("variable 'frequencies' is a int"), e.getMessage());
        assertFalse(context.tables().contains("frequencies"));
        run("frequencies --head-dim 64 --base 10000 --replace");
        assertInstanceOf(Table.class, context.variables.get("frequencies"));
    }

    // ---- frequencies: bad arguments --------------------------------------------------------------

    static Stream<Arguments> badFrequencies() {
        String geometry = " --head-dim 64 --base 10000";
        String lists31 = String.join(",", java.util.Collections.nCopies(31, "1"));
        String lists32 = String.join(",", java.util.Collections.nCopies(32, "1"));
        return Stream.of(
                Arguments.of("frequencies --method yarnn --factor 4" + geometry,
                        "unknown method 'yarnn'; one of default, linear, dynamic, ntk, yarn, llama3, longrope"),
                Arguments.of("frequencies --method yarn --factor 4 --betafast 2" + geometry, "Unknown options: '--betafast'"),
                Arguments.of("frequencies --method yarn --factor 0" + geometry, "factor must be a finite number > 0, got 0.0"),
                Arguments.of("frequencies --method linear --factor -2" + geometry, "factor must be a finite number > 0, got -2.0"),
                Arguments.of("frequencies --method ntk --factor NaN" + geometry, "factor must be a finite number > 0, got NaN"),
                Arguments.of("frequencies --method yarn --factor x" + geometry, "Invalid value for option '--factor': 'x'"),
                Arguments.of("frequencies --method yarn" + geometry, "method yarn needs --factor"),
                Arguments.of("frequencies --method linear --factor 4 --beta-fast 16" + geometry,
                        "--beta-fast does not apply to method linear; its options: --factor"),
                Arguments.of("frequencies --method default --factor 4" + geometry,
                        "--factor does not apply to method default; default takes no options"),
                Arguments.of("frequencies --factor 4" + geometry, "--factor sets a parameter of a scaling method; name it "
                        + "with --method (one of default, linear, dynamic, ntk, yarn, llama3, longrope, giraffe)"),
                Arguments.of("frequencies --method yarn --factor 4 --original 0" + geometry,
                        "original_max_position_embeddings must be a whole number > 0, got 0"),
                Arguments.of("frequencies --rope-scaling '{\"rope_type\":\"yarn\",\"factor\":4' " + geometry,
                        "--rope-scaling: RoPE scaling is not valid JSON"),
                Arguments.of("frequencies --rope-scaling '[4]'" + geometry, "--rope-scaling: RoPE scaling must be a JSON object"),
                Arguments.of("frequencies --rope-scaling '{\"rope_type\":\"yarn\",\"factor\":0}'" + geometry,
                        "--rope-scaling: factor must be a finite number > 0, got 0.0"),
                Arguments.of("frequencies --rope-scaling '{\"rope_type\":\"yarnn\",\"factor\":4}'" + geometry,
                        "--rope-scaling: unknown rope_type \"yarnn\""),
                Arguments.of("frequencies --rope-scaling '{\"rope_type\":\"linear\",\"factor\":4}' --factor 4" + geometry,
                        "give either it or --method with its options, not both (got --factor)"),
                Arguments.of("frequencies --method longrope --short-factor " + lists31 + " --long-factor " + lists32
                        + " --original 2048 --max-position-embeddings 8192" + geometry,
                        "longrope short_factor must have rotary_dim / 2 = 32 numbers (head_dim 64 × partial_rotary_factor "
                                + "1.0 = 64), got 31"),
                Arguments.of("frequencies --method longrope --long-factor " + lists32 + geometry,
                        "method longrope needs --short-factor"),
                Arguments.of("frequencies --method dynamic --factor 4" + geometry,
                        "dynamic: rope_type \"dynamic\" needs max_position_embeddings"),
                Arguments.of("frequencies --method yarn --factor 4", "no model is loaded, so --head-dim and --base are needed"),
                Arguments.of("frequencies --head-dim 64", "no model is loaded, so --base is needed"),
                Arguments.of("frequencies --head-dim 63 --base 10000", "must be even"),
                Arguments.of("frequencies --head-dim 64 --base 1", "rope_theta (base) must be a finite number > 0 and != 1"),
                Arguments.of("frequencies --head-dim 64 --base 10000 --seq-len -1", "--seq-len must be 0"),
                Arguments.of("frequencies --head-dim 64 --base 10000 --as 2x", "--as 2x is not a Java variable name"),
                Arguments.of("frequencies --head-dim 64 --base 10000 extra", "Unmatched argument"),
                Arguments.of("", "missing subcommand, one of use, methods, sweep, results, frequencies, plot"),
                Arguments.of("wavelengths", "Unmatched argument"));
    }

    @ParameterizedTest
    @MethodSource("badFrequencies")
    void badArgumentsExplainThemselvesAndChangeNothing(String args, String message) {
        MagicUsageException e = refused(args);
        assertTrue(e.getMessage().contains(message), "expected \"" + message + "\" in: " + e.getMessage());
    }

    @Test
    void errorsCarryTheSubcommandsUsage() {
        MagicUsageException e = refused("frequencies --method yarnn --factor 4 --head-dim 64 --base 10000");
        assertTrue(e.usage().startsWith("Usage: %extrapolate frequencies"), e.usage());
        assertTrue(e.usage().contains("--rope-scaling=JSON"), e.usage());
    }

    // ---- plot ---------------------------------------------------------------------------------

    @Test
    void plotDrawsTheDefaultMethodsOnALogAxis() throws Exception {
        Chart chart = assertInstanceOf(Chart.class, run("plot frequencies"));
        assertTrue(chart.logY());
        assertEquals(List.of("default", "linear:4", "ntk:4", "yarn:4", "llama3:4", "context 2048"),
                chart.series().stream().map(SeriesInfo::name).toList());
        assertTrue(chart.series().stream().allMatch(s -> s.size() == 32), chart.series().toString());
        assertEquals("RoPE wavelengths: head_dim 64, base 10000, context 2048", chart.title());
        assertTrue(chart.toPng().length > 1000);
        assertTrue(context.tables().names().isEmpty(), "a plot registers no table");
    }

    @Test
    void plotTakesMethodsGeometryTitleAndSaves() throws Exception {
        Path svg = dir.resolve("wavelengths.svg");
        Chart chart = (Chart) run("plot frequencies --methods default,linear:8,yarn:8,dynamic:8 --head-dim 128 "
                + "--base 500000 --original 8192 --seq-len 32768 --title Llama --save " + svg);
        assertEquals(List.of("default", "linear:8", "yarn:8", "dynamic:8", "context 8192"),
                chart.series().stream().map(SeriesInfo::name).toList());
        assertEquals("Llama", chart.title());
        assertTrue(Files.size(svg) > 0);
        assertTrue(context.printed().contains("Saved the chart to " + svg.toAbsolutePath()), context.printed());
        Chart model = (Chart) run(WITH_MODEL, "plot frequencies --methods yarn:2");
        assertEquals("RoPE wavelengths: head_dim 64, base 10000, context 2048", model.title());
    }

    static Stream<Arguments> badPlots() {
        return Stream.of(
                Arguments.of("plot frequencies --methods default,yarnn:4", "unknown method 'yarnn'"),
                Arguments.of("plot frequencies --methods yarn", "yarn needs a factor: write yarn:FACTOR, e.g. yarn:4"),
                Arguments.of("plot frequencies --methods yarn:x", "the factor in 'yarn:x' is not a number"),
                Arguments.of("plot frequencies --methods yarn:0", "factor must be a finite number > 0, got 0.0"),
                Arguments.of("plot frequencies --methods linear:-1", "factor must be a finite number > 0, got -1.0"),
                Arguments.of("plot frequencies --methods default:2", "default RoPE takes no factor"),
                Arguments.of("plot frequencies --methods yarn:4:2", "'yarn:4:2' is not METHOD or METHOD:FACTOR"),
                Arguments.of("plot frequencies --methods longrope:4", "longrope needs per-pair factor lists"),
                Arguments.of("plot frequencies --methods yarn:4,yarn:4", "method yarn:4 is listed twice"),
                Arguments.of("plot frequencies --head-dim 31 --base 10000", "must be even"),
                Arguments.of("plot frequencies --original 0", "--original must be a context length >= 1"),
                Arguments.of("plot frequencies --wavelength", "Unknown option: '--wavelength'"),
                Arguments.of("plot wavelengths", "expected one of [frequencies, ppl, passkey, positions]"),
                Arguments.of("plot", "Missing required parameter: 'KIND'"));
    }

    @ParameterizedTest
    @MethodSource("badPlots")
    void badPlotArgumentsExplainThemselves(String args, String message) {
        MagicUsageException e = refused(args);
        assertTrue(e.getMessage().contains(message), "expected \"" + message + "\" in: " + e.getMessage());
    }

    // ---- help and completion --------------------------------------------------------------------

    @Test
    void footerLinesFitTheUsageWidthSoExamplesAreNotBroken() {
        picocli.CommandLine root = new picocli.CommandLine(new ExtrapolateMagic(Optional::empty));
        List<picocli.CommandLine> commands = new java.util.ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        for (picocli.CommandLine command : commands) {
            for (String line : command.getCommandSpec().usageMessage().footer()) {
                assertTrue(String.format(java.util.Locale.ROOT, line).length() < 100, "fits in 100 columns: " + line);
            }
        }
        for (String line : NO_MODEL.help().split("\n")) {
            assertTrue(line.length() <= 100, line);
        }
    }

    @Test
    void helpListsTheSubcommandsAndTheirOptions() throws Exception {
        String top = assertInstanceOf(HelpText.class, run("--help")).text();
        assertTrue(top.startsWith("Usage: %extrapolate [-h] [COMMAND]"), top);
        assertTrue(top.contains("use") && top.contains("methods") && top.contains("frequencies") && top.contains("plot"), top);
        String frequencies = ((HelpText) run("frequencies --help")).text();
        assertTrue(frequencies.startsWith("Usage: %extrapolate frequencies"), frequencies);
        for (String option : List.of("--method=METHOD", "--rope-scaling=JSON", "--factor=F", "--original=N",
                "--beta-fast=B", "--short-factor=X,X,...", "--head-dim=N", "--base=THETA", "--partial-rotary-factor=P",
                "--max-position-embeddings=N", "--seq-len=N", "--as=NAME",
                "default, linear, dynamic, ntk, yarn, llama3, longrope")) {
            assertTrue(frequencies.contains(option), option + " in:\n" + frequencies);
        }
        String plot = ((HelpText) run("plot --help")).text();
        assertTrue(plot.contains("--methods=LIST") && plot.contains("METHOD or METHOD:FACTOR"), plot);
        assertEquals(frequencies, ((HelpText) run("frequencies --method yarn -h")).text());
        String all = NO_MODEL.help();
        assertTrue(all.contains("Usage: %extrapolate frequencies") && all.contains("Usage: %extrapolate plot"), all);
        assertEquals("extrapolate", NO_MODEL.name());
        assertTrue(NO_MODEL.summary().startsWith("Length extrapolation: run the loaded model with a method"),
                NO_MODEL.summary());
        assertTrue(context.variables.isEmpty());
    }

    @Test
    void tabCompletesTheSubcommands() {
        assertEquals(List.of("frequencies"), NO_MODEL.complete("fr"));
        assertEquals(List.of("plot"), NO_MODEL.complete("pl"));
        assertEquals(List.of("--help"), NO_MODEL.complete("--h"));
    }

    @Test
    void theShorthandTableAgreesWithTheLibrarysKeys() throws Exception {
        for (String method : Methods.names()) {
            for (String option : Methods.options(method)) {
                assertTrue(RopeScalingJson.keys(method).contains(Methods.KEYS.get(option)), method + " " + option);
            }
            if (method.equals("giraffe")) {
                continue; // its wavelength keys come with --rope-scaling JSON only
            }
            // yarn's "finetuned" is accepted and ignored, as transformers does: no option for it
            long keys = RopeScalingJson.keys(method).stream().filter(k -> !k.equals("finetuned")).count();
            assertEquals(keys, Methods.options(method).size(), "every key of " + method + " has an option");
        }
        assertEquals(OptionalDouble.empty(), RopeScalingJson.parse("{\"rope_type\":\"linear\",\"factor\":2}").ropeTheta());
    }
}

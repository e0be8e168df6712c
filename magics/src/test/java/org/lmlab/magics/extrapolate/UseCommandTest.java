package org.lmlab.magics.extrapolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.MethodCatalog;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeScaling;

/** {@code %extrapolate use} and {@code methods} on the bundled SmolLM2: the method applied, or a usage error and nothing changed. */
class UseCommandTest {

    static ExtrapolateSession session;
    static LanguageModel model;
    static FakeMagicContext CONTEXT;

    @BeforeAll
    static void load() {
        session = ExtrapolateSession.smolLm2();
        model = session.model;
        CONTEXT = session.context;
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @BeforeEach
    void reset() {
        model.use(Extrapolation.none());
    }

    static String run(String args) throws Exception {
        return session.run(args);
    }

    @Test
    void ropeScalingsByShorthandAndByConfigJson() throws Exception {
        run("use yarn --factor 4 --original 256");
        assertEquals(new Positions.Rope(RopeScaling.Yarn.of(4, 256)), model.method().positions());
        assertEquals(new Window.Full(), model.method().window());
        assertTrue(model.describe().contains("extrapolation: rope yarn, full attention"), model.describe());
        run("use --rope-scaling '{\"rope_type\":\"linear\",\"factor\":2}'");
        assertEquals(new Positions.Rope(new RopeScaling.Linear(2)), model.method().positions());
        assertEquals(2 * 8192, model.contextLength());
        run("use default --base 50000");
        assertEquals(new Positions.Rope(new RopeScaling.Default(), 50000), model.method().positions());
    }

    @Test
    void windowsWithTheAuthorsDefaultsAndOverTheirScaling() throws Exception {
        run("use lminfinite");
        assertEquals(Window.LmInfinite.defaults(), model.method().window());
        assertEquals(Integer.MAX_VALUE, model.contextLength());
        run("use sinks");
        assertEquals(Window.Sinks.defaults(), model.method().window());
        run("use sinks --start 2 --recent 64");
        assertEquals(new Window.Sinks(2, 64), model.method().window());
        run("use sliding --window 128 --rope-scaling '{\"rope_type\":\"yarn\",\"factor\":2,"
                + "\"original_max_position_embeddings\":256}'");
        assertEquals(new Extrapolation(new Positions.Rope(RopeScaling.Yarn.of(2, 256)), new Window.Sliding(128)),
                model.method());
        run("use alibi --max-bias 4");
        assertEquals(new Positions.Alibi(4), model.method().positions());
        run("use none");
        assertTrue(model.method().isNone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"use rotary", "use yarn --factor 0", "use yarn --factor -2", "use sliding",
        "use sliding --window 0", "use lminfinite --local 100 --cap 200", "use yarn --factor 4 --window 10",
        "use sinks --factor 2", "use sinks --start 1.5", "use", "use --rope-scaling '{\"rope_type\":\"warp\"}'",
        "use longrope --short-factor 1,1 --long-factor 2,2", "use nope --window 3"})
    void badArgumentsAreUsageErrorsAndLeaveTheModelAlone(String args) throws Exception {
        run("use sinks --start 4 --recent 100");
        Extrapolation before = model.method();
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> run(args));
        assertTrue(e.usage().startsWith("Usage: %extrapolate use"), e.getMessage() + "\n" + e.usage());
        assertEquals(before, model.method(), args);
    }

    @Test
    void aWindowNoNarrowerThanTheInputIsRefused() throws Exception {
        run("use sliding --window 5000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.perplexity("word ".repeat(200), 256, 256));
        assertTrue(e.getMessage().contains("not fewer than the input of 256 tokens"), e.getMessage());
    }

    @Test
    void methodsListsEveryMethodWithItsParameters() throws Exception {
        String listing = run("methods");
        for (String name : MethodCatalog.names()) {
            assertTrue(listing.contains(name + " ("), name + " missing from\n" + listing);
        }
        assertTrue(listing.contains("--recent"), listing);
        assertTrue(listing.contains("--beta-fast"), listing);
    }

    @Test
    void sweepWritesOneRowPerCellAndResumesWithoutRerunning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path text = dir.resolve("text.txt");
        java.nio.file.Files.writeString(text, "To be, or not to be, that is the question. ".repeat(40));
        java.nio.file.Path out = dir.resolve("sweep.jsonl");
        String args = "sweep --methods none,sinks:4+28 --lengths 64,96 --file " + text + " --out " + out + " --as grid";
        run(args);
        org.lmlab.table.Table first = (org.lmlab.table.Table) CONTEXT.variables.get("grid");
        assertEquals(4, first.rowCount());
        double none64 = model.perplexity(model.tokenizer().decode(java.util.Arrays.copyOf(
                model.tokenizer().encode(java.nio.file.Files.readString(text), true, false), 64)), 64, 64).value();
        assertEquals("sinks:4+28", first.getString("method", 1));
        assertEquals(none64, first.getDouble("ppl", 0), 1e-9 * none64, "cell none@64 equals %perplexity alone");
        run(args.replace("--as grid", "--as again") + " --resume");
        org.lmlab.table.Table again = (org.lmlab.table.Table) CONTEXT.variables.get("again");
        // every cell kept from the file: the same rows, timings included
        assertEquals(4, again.rowCount());
        for (String column : first.columnNames()) {
            for (int r = 0; r < 4; r++) {
                assertEquals(first.get(column, r), again.get(column, r), column + " row " + r);
            }
        }
        assertTrue(none64 > 1, "perplexity " + none64);
        for (String bad : List.of("sweep --methods warp --lengths 64 --text x", "sweep --methods none --lengths 6x --text x",
                "sweep --methods none --lengths 64 --text x --resume", "sweep --methods none --lengths 64")) {
            assertThrows(MagicUsageException.class, () -> run(bad), bad);
        }
        MagicFailure other = assertThrows(MagicFailure.class, () -> run(args.replace("64,96", "64") + " --resume"));
        assertTrue(other.getMessage().contains("%extrapolate sweep"), other.getMessage());
    }
}

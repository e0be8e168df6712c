package org.lmlab.magics.extrapolate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.extrapolation.passkey.Accuracy;
import org.lmlab.model.extrapolation.passkey.PasskeyPrompt;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.RetrievalTask;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.table.Table;
import picocli.CommandLine;

/**
 * {@code %extrapolate sweep} with the passkey, needle and ppl-documents tasks on the bundled SmolLM2,
 * and bad input: each a clear error before anything runs, a results file already there unchanged.
 */
class SweepCommandTest {

    static final double MIB = 1024.0 * 1024.0;

    static ExtrapolateSession session;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        session = ExtrapolateSession.smolLm2();
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void passkeyTrialsBecomeRowsAndTheAccuracyIsPrinted() throws Exception {
        Path out = dir.resolve("passkey.jsonl");
        int printed = session.context.printed().length();
        session.run("sweep --task passkey --methods none --lengths 96 --depths 0,1 --trials 2 --seed 5 --out " + out + " --as pk");
        Table t = (Table) session.context.variables.get("pk");
        assertEquals(4, t.rowCount());
        assertEquals(List.of("model", "method", "parameters", "length", "depth", "seed", "expected", "answer", "correct",
                "prompt_tokens", "tokens", "seconds", "tokens_per_s"), t.columnNames());
        for (int r = 0; r < 4; r++) {
            assertEquals(r < 2 ? 0.0 : 1.0, t.getDouble("depth", r));
            assertEquals(5 + r % 2, t.getLong("seed", r), "seeds S .. S+N-1");
            assertEquals(PasskeyPrompt.key(5 + r % 2), t.getString("expected", r));
            assertEquals(96, t.getLong("prompt_tokens", r));
        }
        String shown = session.context.printed().substring(printed);
        System.out.println(shown);
        assertTrue(shown.contains("4 cells run, 0 kept from no earlier run"), shown);
        assertTrue(shown.contains("Accuracy per method, length and depth (95% Wilson interval):"), shown);
        assertTrue(shown.contains("2 rows × 8 columns"), shown);
        for (String column : List.of("method", "length", "depth", "trials", "correct", "accuracy", "low", "high")) {
            assertTrue(shown.contains(column), column + " missing from\n" + shown);
        }
        // Depth 0 of a 96-token prompt: SmolLM2 finds the key (docs/models.md), so 2 of 2 with the Wilson
        // interval statsmodels gives, [0.34238, 1] (AccuracyStatsmodelsTest).
        assertTrue(t.getBoolean("correct", 0) && t.getBoolean("correct", 1));
        assertTrue(shown.contains(String.format(java.util.Locale.ROOT, "%.5f", Accuracy.of(2, 2).low())), shown);
    }

    @Test
    void aNeedleVariantAndTheDocumentsProtocol() throws Exception {
        session.run("sweep --task needle --needle multikey --methods none --lengths 192 --depths 0.5 --trials 1 --as nd");
        Table needle = (Table) session.context.variables.get("nd");
        assertEquals(1, needle.rowCount());
        assertEquals("multikey", needle.getString("needle", 0));
        assertEquals(192, needle.getLong("prompt_tokens", 0));
        assertEquals(0.5, needle.getDouble("depth", 0));

        Path docs = dir.resolve("docs.jsonl");
        Files.writeString(docs, "{\"body\":\"" + "To be, or not to be, that is the question. ".repeat(12) + "\"}\n"
                + "{\"body\":\"Too short.\"}\n");
        session.run("sweep --methods none --lengths 64 --protocol documents --documents " + docs + " --field body --as docs");
        Table t = (Table) session.context.variables.get("docs");
        assertEquals(1, t.getLong("documents", 0));
        assertEquals(1, t.getLong("skipped", 0));
        String first64 = session.model.tokenizer().decode(java.util.Arrays.copyOf(session.model.tokenizer().encode(
                "To be, or not to be, that is the question. ".repeat(12), true, false), 64));
        assertEquals(session.model.perplexity(first64, 64, 64).value(), t.getDouble("ppl", 0), 0.0,
                "one document: its own perplexity");
        MagicFailure e = assertThrows(MagicFailure.class, () -> session.run("sweep --methods none --lengths 64 "
                + "--protocol documents --documents " + docs + " --field title --as nothing"));
        assertEquals("%extrapolate sweep --documents: " + docs + ":1: no string field 'title' (the line has fields body); "
                + "name the text's field with --field", e.getMessage());
    }

    @Test
    void helpShowsEveryTaskAndTheEnumsComplete() throws Exception {
        String help = session.run("sweep --help");
        for (String example : List.of("--task passkey", "--task needle --needle multikey", "--protocol documents "
                + "--documents pg19.jsonl", "--documents essays/", "--file book.txt")) {
            assertTrue(help.contains(example), example + " missing from\n" + help);
        }
        CommandLine.Model.CommandSpec sweep = new CommandLine(new ExtrapolateMagic(Optional::empty,
                () -> Optional.of(session.model))).getSubcommands().get("sweep").getCommandSpec();
        assertEquals(List.of("ppl", "passkey", "needle"), candidates(sweep, "--task"));
        assertEquals(List.of("single", "multikey", "multivalue"), candidates(sweep, "--needle"));
        assertEquals(List.of("sliding", "documents"), candidates(sweep, "--protocol"));
    }

    private static List<String> candidates(CommandLine.Model.CommandSpec spec, String option) {
        List<String> out = new ArrayList<>();
        spec.findOption(option).completionCandidates().forEach(out::add);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "sweep --task passkey --methods yarnn:4 --lengths 96|unknown method 'yarnn' in 'yarnn:4'",
        "sweep --task passkeys --methods none --lengths 96|expected one of [ppl, passkey, needle]",
        "sweep --task passkey --methods none --lengths 96 --depths 0.5,1.5|depth 1.5 is outside [0, 1]",
        "sweep --task needle --methods none --lengths 96 --depths -0.1|depth -0.1 is outside [0, 1]",
        "sweep --task passkey --methods none --lengths 96 --depths half|depth 'half' is not a number",
        "sweep --task passkey --methods none --lengths 96 --trials 0|--trials 0: a passkey sweep needs at least 1 trial",
        "sweep --methods none --lengths 96 --text abc --depths 0.5|--depths applies to the passkey and needle tasks",
        "sweep --task passkey --methods none --lengths 96 --file a.txt|--file is a ppl option",
        "sweep --task passkey --methods none --lengths 96 --needle multikey|--needle chooses the needle task's variant",
        "sweep --methods none --lengths 96 --protocol documents|--protocol documents needs --documents PATH",
        "sweep --methods none --lengths 96 --protocol documents --documents d --stride 8|--stride is for --protocol sliding",
        "sweep --task passkey --methods none --lengths 96,6x|'6x' is not a number of tokens (e.g. 8192 or 8k)",
        "sweep --task passkey --methods none --lengths 96,1|lengths must be >= 2 tokens, got 1"})
    void badInputIsAUsageErrorAndWritesNothing(String args, String message) throws Exception {
        Path out = dir.resolve("never.jsonl");
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> session.run(args + " --out " + out));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.usage().contains("Usage: %extrapolate sweep"), e.usage());
        assertFalse(Files.exists(out));
    }

    /**
     * The task is built from the description a Spark sweep ships: files are still read at the path as typed (the
     * messages name it so), unreadable input is a failure, a negative count or an empty text a usage error.
     */
    @Test
    void theTasksInputErrorsNameTheOptionAndThePathAsTyped() throws Exception {
        MagicFailure missing = assertThrows(MagicFailure.class,
                () -> session.run("sweep --methods none --lengths 64 --file no-such-sweep-text.txt"));
        assertTrue(missing.getMessage().startsWith("%extrapolate sweep --file no-such-sweep-text.txt: no such file "
                + "(looked for " + Path.of("no-such-sweep-text.txt").toAbsolutePath()), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        MagicUsageException blank = assertThrows(MagicUsageException.class,
                () -> session.run("sweep --methods none --lengths 64 --file " + empty));
        assertEquals("the perplexity text is empty", blank.getMessage());
        Path noTexts = Files.createDirectory(dir.resolve("no-texts"));
        MagicFailure documents = assertThrows(MagicFailure.class, () -> session.run("sweep --methods none --lengths 64 "
                + "--protocol documents --documents " + noTexts));
        assertEquals("%extrapolate sweep --documents: directory " + noTexts + " holds no .txt files",
                documents.getMessage());
        MagicUsageException bucket = assertThrows(MagicUsageException.class, () -> session.run("sweep --methods none "
                + "--lengths 64 --protocol documents --documents " + noTexts + " --bucket -8"));
        assertEquals("--bucket must be 0 or more (0: no curve), not -8", bucket.getMessage());
        MagicUsageException stride = assertThrows(MagicUsageException.class,
                () -> session.run("sweep --methods none --lengths 64 --text abc --stride -1"));
        assertEquals("--stride must be 0 or more (0: the cell's length), not -1", stride.getMessage());
    }

    @Test
    void aResultsFileOfAnotherGridIsRefusedAndLeftAsItWas() throws Exception {
        Path out = dir.resolve("ppl.jsonl");
        session.run("sweep --methods none --lengths 64 --text '" + "Once upon a time there was a text. ".repeat(20) + "' --out "
                + out + " --as first");
        byte[] before = Files.readAllBytes(out);
        MagicFailure e = assertThrows(MagicFailure.class, () -> session.run("sweep --methods none --lengths 64 --text '"
                + "Once upon a time there was another text. ".repeat(20) + "' --out " + out + " --resume --as second"));
        assertTrue(e.getMessage().contains("belongs to another grid") && e.getMessage().contains("the file is unchanged"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out));
        e = assertThrows(MagicFailure.class, () -> session.run("sweep --task passkey --methods none --lengths 96 --depths 0 "
                + "--trials 1 --out " + out + " --resume --as third"));
        assertTrue(e.getMessage().contains("belongs to another grid"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out));
    }

    /**
     * 4M tokens on SmolLM2 need hundreds of GiB (KV cache and activations): refused before any cell
     * runs, stating the need (the estimate {@link Sweep#cellBytes}) and what is free, and a results
     * file that holds the short cell keeps it byte for byte.
     */
    @Test
    void aLengthAboveTheMachinesMemoryIsRefusedBeforeAnyCellRuns() throws Exception {
        int huge = 4 * 1024 * 1024;
        RetrievalTask passkey = RetrievalTask.passkey();
        long need = Sweep.cellBytes(session.model, huge + passkey.answerTokens());
        assumeTrue(need > Sweep.availableMemory(), "this machine has room for a 4M-token cell");
        String args = "sweep --task passkey --methods none --lengths 80,4m --depths 0.5 --trials 1 --out ";

        Path fresh = dir.resolve("fresh.jsonl");
        MagicFailure e = assertThrows(MagicFailure.class, () -> session.run(args + fresh));
        assertStatesNeedAndFree(e.getMessage(), need, "Nothing ran; nothing was written");
        assertFalse(Files.exists(fresh));

        // A file that holds the 80-token cell: the lib sweep ran it, then refused the 4M cell itself.
        Path partial = dir.resolve("partial.jsonl");
        SweepGrid grid = new SweepGrid(session.model.name(), passkey.definition(), List.of(MethodSpec.parse("none", 8192)),
                List.of(80, huge), List.of(0.5), List.of(1L));
        long[] calls = {0};
        try (RootAllocator allocator = new RootAllocator()) {
            assertThrows(Sweep.InsufficientMemoryException.class, () -> Sweep.on(session.model, passkey, grid).results(partial)
                    .availableMemory(() -> calls[0]++ == 0 ? Long.MAX_VALUE : Sweep.availableMemory()).run(allocator));
        }
        byte[] before = Files.readAllBytes(partial);
        assertEquals(2, new String(before, java.nio.charset.StandardCharsets.UTF_8).lines().count(), "header and a row");
        e = assertThrows(MagicFailure.class, () -> session.run(args + partial + " --resume"));
        assertStatesNeedAndFree(e.getMessage(), need, "Nothing ran; the 1 rows in " + partial + " are unchanged");
        assertArrayEquals(before, Files.readAllBytes(partial));
    }

    private static void assertStatesNeedAndFree(String message, long need, String ending) {
        System.out.println(message);
        Matcher m = Pattern.compile("cell none @ 4194304 depth 0.5 seed 1 needs about (\\d+) MiB \\(KV cache of "
                + "4,194,314 positions \\d+ MiB \\+ activations \\d+ MiB; the weights, \\d+ MiB, are already loaded\\) but "
                + "(\\d+) MiB are available").matcher(message);
        assertTrue(m.find(), message);
        assertEquals(Math.round(need / MIB), Long.parseLong(m.group(1)));
        assertTrue(Long.parseLong(m.group(1)) > Long.parseLong(m.group(2)));
        assertTrue(message.endsWith(ending), message);
    }
}

package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.extrapolation.passkey.NeedleAnswer;
import org.lmlab.model.extrapolation.passkey.NeedlePrompt;
import org.lmlab.model.extrapolation.passkey.NeedleTask;
import org.lmlab.model.extrapolation.passkey.PasskeyAnswer;
import org.lmlab.model.extrapolation.passkey.PasskeyPrompt;
import org.lmlab.progress.Progress;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;

/**
 * The passkey and needle sweep tasks on SmolLM2-135M with short prompts: a needle at depth 0 is
 * found (as {@code PasskeySmolLm2Test} finds it with the scorers alone), every prompt holds exactly
 * the cell's length, the answer column is what the model generated, and a 2 × 2 × 2 × 2 passkey
 * sweep killed in a cell and resumed equals an uninterrupted one.
 */
class RetrievalTaskSmolLm2Test {

    static final RetrievalTask PASSKEY = RetrievalTask.passkey();

    static LanguageModel model;

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    @TempDir
    Path dir;

    /** Methods none and sinks:4+60 × lengths 96, 128 × depths 0.25, 0.75 × seeds 1, 2: 16 trials. */
    static SweepGrid passkeyGrid() {
        return new SweepGrid(SweepSmolLm2Test.MODEL, PASSKEY.definition(),
                List.of(MethodSpec.parse("none", 8192), MethodSpec.parse("sinks:4+60", 8192)), List.of(96, 128),
                List.of(0.25, 0.75), List.of(1L, 2L));
    }

    @BeforeAll
    static void load() {
        model = LanguageModel.load(SweepSmolLm2Test.MODEL, "cpu", Progress.NONE);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @Test
    void aPasskeyCellAtDepthZeroIsFoundAndReportsItsTokens() {
        SweepGrid grid = new SweepGrid(SweepSmolLm2Test.MODEL, PASSKEY.definition(), List.of(MethodSpec.parse("none",
                8192)), List.of(128), List.of(0.0), List.of(3L));
        SweepGrid.Cell cell = grid.cells().get(0);
        RecordingProgress progress = new RecordingProgress();
        SweepTask.Result r = PASSKEY.run(model, cell, progress);
        String key = PasskeyPrompt.key(3);
        System.out.println("passkey cell " + cell.key() + ": " + r.values());
        assertEquals(List.of("expected", "answer", "correct", "prompt_tokens"), List.copyOf(r.values().keySet()));
        assertEquals(key, r.values().get("expected"));
        assertEquals(true, r.values().get("correct"), "answer " + r.values().get("answer"));
        assertEquals(128L, r.values().get("prompt_tokens"));
        String answer = (String) r.values().get("answer");
        assertTrue(answer.startsWith(key), answer); // the raw continuation is " 52814.\nThe pass…"; stripped here
        assertEquals(answer, answer.strip());
        assertEquals(PasskeyAnswer.firstNumber(answer), key);
        // Progress: the prompt and at most 10 answer tokens announced; the prompt's 128 and each new token reported.
        assertEquals(List.of(128L + 10), progress.totals);
        assertEquals(r.tokens(), progress.steps);
        assertTrue(r.tokens() > 128 && r.tokens() <= 138, "tokens " + r.tokens());
        assertEquals(138, PASSKEY.cachePositions(cell));
    }

    @Test
    void aNeedleCellAtDepthZeroIsFound() {
        RetrievalTask needle = RetrievalTask.needle(NeedleTask.single());
        SweepGrid grid = new SweepGrid(SweepSmolLm2Test.MODEL, needle.definition(), List.of(MethodSpec.parse("none",
                8192)), List.of(160), List.of(0.0), List.of(2L));
        SweepGrid.Cell cell = grid.cells().get(0);
        SweepTask.Result r = needle.run(model, cell, Progress.NONE);
        NeedlePrompt prompt = NeedlePrompt.build(model.tokenizer(), NeedleTask.single(), 160, 0.0, 2);
        System.out.println("needle cell " + cell.key() + ": " + r.values());
        assertEquals(List.of("needle", "expected", "answer", "correct", "prompt_tokens"),
                List.copyOf(r.values().keySet()));
        assertEquals("single", r.values().get("needle"));
        assertEquals(prompt.answers().get(0), r.values().get("expected"));
        assertEquals(true, r.values().get("correct"), "answer " + r.values().get("answer"));
        assertEquals(1.0, NeedleAnswer.stringMatchAll((String) r.values().get("answer"), prompt.answers()));
        assertEquals(160L, r.values().get("prompt_tokens"));
        assertEquals(160 + 12, needle.cachePositions(cell));
    }

    @Test
    void lengthsTooShortForThePromptAndGridsWithoutDepthsAreRefusedBeforeAnythingRuns() {
        SweepGrid tooShort = new SweepGrid(SweepSmolLm2Test.MODEL, PASSKEY.definition(),
                List.of(MethodSpec.parse("none", 8192)), List.of(60, 96), List.of(0.5), List.of(1L));
        Path file = dir.resolve("never.jsonl");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sweep.on(model, PASSKEY, tooShort).results(file).run(arrow.allocator()));
        // 29 + 25 + 10 tokens and 2 line breaks with SmolLM2's tokenizer (docs/models.md)
        assertTrue(e.getMessage().startsWith("a passkey prompt of 60 tokens is too short") && e.getMessage().endsWith(
                "ask for at least 66 tokens"), e.getMessage());
        SweepGrid noDepths = new SweepGrid(SweepSmolLm2Test.MODEL, PASSKEY.definition(),
                List.of(MethodSpec.parse("none", 8192)), List.of(96), List.of(), List.of());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sweep.on(model, PASSKEY, noDepths).results(file).run(arrow.allocator()));
        assertTrue(e.getMessage().contains("one trial per depth and seed"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    @Timeout(400)
    void aPasskeySweepKilledInACellAndResumedGivesTheUninterruptedTable() throws Exception {
        SweepGrid grid = passkeyGrid();
        Path killed = dir.resolve("killed.jsonl");
        int torn = KillAndResume.killInCell1(dir, killed, grid.cells().get(1).key(), "passkey", killed.toString());
        Path whole = dir.resolve("whole.jsonl");
        long started = System.nanoTime();
        try (Sweep.Outcome resumed = Sweep.on(model, PASSKEY, grid).results(killed).resume(true).run(arrow.allocator());
                Sweep.Outcome uninterrupted = Sweep.on(model, PASSKEY, grid).results(whole).run(arrow.allocator())) {
            System.out.printf(Locale.ROOT, "resumed (15 cells) and uninterrupted (16 cells) in %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
            assertEquals(1, resumed.skipped());
            assertEquals(15, resumed.ran());
            assertTrue(resumed.repaired().orElseThrow().contains("a last line of " + torn + " bytes without a newline"),
                    resumed.repaired().get());
            Table t = uninterrupted.table();
            KillAndResume.assertSameRows(t, resumed.table());
            assertEquals(List.of("model", "method", "parameters", "length", "depth", "seed", "expected", "answer",
                    "correct", "prompt_tokens", "tokens", "seconds", "tokens_per_s"), t.columnNames());
            for (int r = 0; r < t.rowCount(); r++) {
                assertEquals(t.getLong("length", r), t.getLong("prompt_tokens", r));
                assertEquals(PasskeyPrompt.key(t.getLong("seed", r)), t.getString("expected", r));
                assertEquals(PasskeyAnswer.firstNumber(t.getString("answer", r)).equals(t.getString("expected", r)),
                        t.getBoolean("correct", r), "the verdict on the stripped answer");
                System.out.printf(Locale.ROOT, "%-10s @ %3d depth %.2f seed %d: %s -> \"%s\" %s%n", t.getString("method", r),
                        t.getLong("length", r), t.getDouble("depth", r), t.getLong("seed", r), t.getString("expected", r),
                        t.getString("answer", r).replace("\n", "\\n"), t.getBoolean("correct", r) ? "correct" : "wrong");
            }
            try (Table accuracy = AccuracyTable.of(t, arrow.allocator())) {
                assertEquals(8, accuracy.rowCount());
                for (int r = 0; r < accuracy.rowCount(); r++) {
                    assertEquals(2, accuracy.getLong("trials", r));
                }
            }
        }
        KillAndResume.assertEachCellOnce(killed, 16);
    }
}

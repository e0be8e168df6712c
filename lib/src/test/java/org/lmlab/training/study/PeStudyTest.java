package org.lmlab.training.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;

/**
 * The study runner on a tiny configuration (copy and reverse, NoPE and RoPE, one seed, trained on
 * sizes 1..2, tested to 3, 20 steps of a width-16 model): one row per run and size with accuracy =
 * correct / examples; a study stopped in its second run and resumed (after a torn line) equals an
 * uninterrupted one in every column but the timing; another study's file and bad settings are
 * refused with nothing changed; a run whose loss becomes infinite is tested with its last finite
 * parameters, marked, and the study goes on.
 */
class PeStudyTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    @TempDir
    Path dir;

    @AfterEach
    void clearStop() {
        Cancellation.reset();
    }

    static StudyConfig tiny(int steps, double lr) {
        return config(StudyConfig.tasks(List.of("copy", "reverse"), 2, 3, steps), lr);
    }

    static StudyConfig config(List<StudyTask> tasks, double lr) {
        return new StudyConfig(tasks, List.of("nope", "rope"), List.of(1L), 16, 1, 2, 8, lr, 20, 1, 1);
    }

    @Test
    void oneRowPerRunAndSizeWithExactMatchCountsAndEachTasksOwnSizes() {
        List<StudyTask> tasks = List.of(new StudyTask("copy", 2, 3, 20), new StudyTask("Reverse", 1, 2, 10));
        try (PeStudy.Outcome out = PeStudy.of(config(tasks, 3e-3)).results(dir.resolve("s.jsonl"))
                .run(arrow.allocator())) {
            Table t = out.table();
            assertEquals(PeStudy.COLUMNS.stream().map(c -> c.name()).toList(), t.columnNames());
            assertEquals(2 * 3 + 2 * 2, t.rowCount());
            assertEquals(4, out.trained());
            assertEquals(0, out.skipped());
            int row = 0;
            for (StudyTask task : tasks) {
                for (String encoding : List.of("nope", "rope")) {
                    for (long length = 1; length <= task.testMax(); length++, row++) {
                        assertEquals(task.name(), t.getString("task", row));
                        assertEquals(encoding, t.getString("encoding", row));
                        assertEquals(length, t.getLong("length", row));
                        assertEquals(length <= task.trainMax(), t.getBoolean("in_distribution", row));
                        assertEquals(task.steps(), t.getLong("steps", row));
                        assertEquals(20, t.getLong("examples", row));
                        assertEquals(t.getLong("correct", row) / 20.0, t.getDouble("accuracy", row), 0.0);
                        assertTrue(t.getDouble("low", row) <= t.getDouble("accuracy", row)
                                && t.getDouble("accuracy", row) <= t.getDouble("high", row));
                        assertEquals("completed", t.getString("status", row));
                    }
                }
            }
        }
    }

    @Test
    void aStudyStoppedInItsSecondRunAndResumedEqualsAnUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        Path cut = dir.resolve("cut.jsonl");
        try (PeStudy.Outcome reference = PeStudy.of(tiny(20, 3e-3)).results(whole).run(arrow.allocator())) {
            Progress stopInRunTwo = new Progress() {
                @Override
                public void start(long total, String label) {
                }

                @Override
                public void step(long units) {
                }

                @Override
                public void note(String text) {
                    if (text.startsWith("run 2/")) {
                        Cancellation.request();
                    }
                }

                @Override
                public void done() {
                }
            };
            assertThrows(Cancellation.CancelledException.class,
                    () -> PeStudy.of(tiny(20, 3e-3)).results(cut).progress(stopInRunTwo).run(arrow.allocator()));
            Cancellation.reset();
            assertEquals(1 + 3, Files.readAllLines(cut).size(), "the header and the first run's 3 rows");
            Files.writeString(cut, "{\"cell\":3,\"key\":\"copy/rope/se", StandardOpenOption.APPEND); // torn write
            try (PeStudy.Outcome resumed = PeStudy.of(tiny(20, 3e-3)).results(cut).resume(true).run(arrow.allocator())) {
                assertEquals(3, resumed.trained());
                assertEquals(1, resumed.skipped());
                assertTrue(resumed.repaired().orElseThrow().contains("without a newline"), resumed.repaired().toString());
                assertSameValues(reference.table(), resumed.table());
            }
        }
    }

    @Test
    void runsTrainedTwoAtATimeGiveTheSequentialTable() {
        try (PeStudy.Outcome one = PeStudy.of(tiny(20, 3e-3)).results(dir.resolve("one.jsonl")).run(arrow.allocator());
             PeStudy.Outcome two = PeStudy.of(tiny(20, 3e-3)).results(dir.resolve("two.jsonl")).parallel(2)
                     .run(arrow.allocator())) {
            assertEquals(4, two.trained());
            assertSameValues(one.table(), two.table());
        }
    }

    /** Every column but the timing, row by row. */
    private static void assertSameValues(Table a, Table b) {
        assertEquals(a.rowCount(), b.rowCount());
        for (String column : a.columnNames()) {
            if (column.equals("train_seconds")) {
                continue;
            }
            for (int r = 0; r < a.rowCount(); r++) {
                assertEquals(a.get(column, r), b.get(column, r), column + " row " + r);
            }
        }
    }

    @Test
    void anotherStudysFileIsRefusedUnchanged() throws Exception {
        Path file = dir.resolve("s.jsonl");
        PeStudy.of(tiny(20, 3e-3)).results(file).run(arrow.allocator()).close();
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeStudy.of(tiny(30, 3e-3)).results(file).resume(true).run(arrow.allocator()));
        assertTrue(e.getMessage().contains("belongs to another study") && e.getMessage().contains("30 steps)"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> PeStudy.of(tiny(20, 3e-3)).results(file).run(arrow.allocator()));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aDivergingRunIsTestedWithItsLastFiniteParametersAndMarked() {
        try (PeStudy.Outcome out = PeStudy.of(tiny(20, 1e6)).results(dir.resolve("nan.jsonl")).run(arrow.allocator())) {
            assertFalse(out.diverged().isEmpty());
            assertTrue(out.diverged().get(0).contains("became") && out.diverged().get(0).contains("Lower the learning"),
                    out.diverged().get(0));
            Table t = out.table();
            assertEquals(12, t.rowCount(), "every run is still tested and written");
            boolean marked = false;
            for (int r = 0; r < t.rowCount(); r++) {
                if (t.getString("status", r).startsWith("diverged: ")) {
                    marked = true;
                    assertTrue(t.getLong("steps", r) < 20);
                }
            }
            assertTrue(marked);
        }
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingRuns() {
        assertMessage(() -> new StudyTask("copyy", 2, 3, 5), "unknown task 'copyy'", "copy, reverse, sort, addition");
        assertMessage(() -> new StudyConfig(List.of(new StudyTask("copy", 2, 3, 5)), List.of("ropee"), List.of(1L), 16, 1,
                2, 8, 1e-3, 5, 1, 1), "unknown position encoding 'ropee'", "nope, absolute");
        assertMessage(() -> new StudyTask("copy", 20, 10, 5), "test length 10 is below the train length 20");
        assertMessage(() -> new StudyTask("copy", 2, 3, 0), "copy: steps must be at least 1");
        assertMessage(() -> config(List.of(new StudyTask("copy", 2, 3, 5), new StudyTask("Copy", 3, 4, 5)), 1e-3),
                "task 'copy' is listed twice");
        assertFalse(Files.exists(dir.resolve("never.jsonl")));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }
}

package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaleout.StudyOutcome;
import org.lmlab.scaleout.StudyRequest;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.table.Table;
import org.lmlab.training.study.PeStudy;
import org.lmlab.training.study.StudyConfig;
import org.lmlab.training.study.StudyTask;

/**
 * Positional-encoding studies on Spark {@code local[2]} against the local {@link PeStudy} of the same config (lib's
 * PeStudyTest checks that one: exact-match counts, determinism for a seed and thread count, resume): every value of
 * every row must be equal, train_seconds aside. A tiny study: copy trained on sizes 1..2, tested on 1..3, 30 steps of
 * batch 8 on a 1-layer width-16 model, NoPE and RoPE, seeds 1 and 2: 4 runs of about a second each.
 */
class SparkPeStudyTest {

    static final Set<String> MEASURED = Set.of("train_seconds");

    static SparkRunner spark;
    static BufferAllocator allocator;
    static Path localFile;

    @TempDir
    static Path dir;

    static StudyConfig tiny() {
        return new StudyConfig(List.of(new StudyTask("copy", 2, 3, 30)), List.of("nope", "rope"), List.of(1L, 2L), 16,
                1, 2, 8, 3e-3, 20, 1, 1);
    }

    @BeforeAll
    static void start() {
        allocator = new RootAllocator();
        localFile = dir.resolve("local.jsonl");
        localStudy(tiny(), localFile, allocator);
        spark = SparkRunner.connect("local[2]", Map.of("spark.driver.host", "127.0.0.1"), SparkRunner.DEFAULT_TIMEOUT);
    }

    /** Runs {@code config} with the local {@link PeStudy} (2 runs at once) into {@code file}. */
    static void localStudy(StudyConfig config, Path file, BufferAllocator allocator) {
        PeStudy.of(config).results(file).parallel(2).run(allocator).close();
    }

    /** The rows of a study's results file as a table. */
    static Table table(Path file) {
        return ResultsFile.table(allocator, file.getFileName().toString(), PeStudy.COLUMNS,
                ResultsFile.read(file).rows());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        allocator.close();
    }

    @Test
    void aStudyOnSparkEqualsTheLocalStudy() {
        CountingProgress progress = new CountingProgress();
        Path file = dir.resolve("spark.jsonl");
        try (StudyOutcome out = SparkPeStudy.of(spark, tiny()).results(file).progress(progress).run(allocator);
             Table local = table(localFile)) {
            assertEquals(4, out.submitted());
            assertEquals(4, out.study().trained());
            assertEquals(0, out.study().skipped());
            assertEquals(List.of(), out.failed());
            assertEquals(4 * 3, out.table().rowCount());
            SparkSweepTest.assertEqualTables(local, out.table(), MEASURED);
            for (int r = 0; r < out.table().rowCount(); r++) { // accuracy = correct / examples, by hand
                Table t = out.table();
                assertEquals(t.getLong("correct", r) / (double) t.getLong("examples", r), t.getDouble("accuracy", r), 0.0);
                assertEquals(30, t.getLong("steps", r));
            }
        }
        assertEquals(4, progress.total, "the bar counts runs");
        assertEquals(4, progress.steps);
        assertTrue(progress.notes.stream().anyMatch(n -> n.startsWith("Spark UI: ")), progress.notes.toString());
    }

    @Test
    void aResumedStudySubmitsOnlyTheRunsWhoseRowsAreMissing() {
        Path file = dir.resolve("resumed.jsonl");
        List<ResultsFile.Row> localRows = ResultsFile.read(localFile).rows();
        PeStudy study = PeStudy.of(tiny());
        try (ResultsFile partial = ResultsFile.create(file, study.plan(), PeStudy.COLUMNS)) {
            for (ResultsFile.Row row : localRows) {
                // run 0 whole, run 2 whole, run 1 cut short after its first size; run 3 missing
                if (row.cell() < 3 || row.cell() == 3 || (row.cell() >= 6 && row.cell() < 9)) {
                    partial.append(row);
                }
            }
        }
        // Through the service the kernel uses (ScaleOut, found by ServiceLoader), on the session running here.
        ScaleOut.Session session = new SparkScaleOut().session().orElseThrow();
        try (StudyOutcome out = session.peStudy(new StudyRequest(tiny(), file, true), Progress.NONE, allocator);
             Table local = table(localFile)) {
            assertEquals(2, out.submitted(), "runs 1 and 3");
            assertEquals(2, out.study().trained());
            assertEquals(2, out.study().skipped());
            SparkSweepTest.assertEqualTables(local, out.table(), MEASURED);
        }
        List<Integer> cells = ResultsFile.read(file).rows().stream().map(ResultsFile.Row::cell).toList();
        assertEquals(12, cells.size(), "no cell written twice: " + cells);
        assertEquals(12, Set.copyOf(cells).size(), cells.toString());
        // Finished: resuming again submits nothing.
        try (StudyOutcome again = SparkPeStudy.of(spark, tiny()).results(file).resume(true).run(allocator)) {
            assertEquals(0, again.submitted());
            assertEquals(12, again.table().rowCount());
        }
    }

    /** Fails run 1 on every attempt; trains the others. */
    static final class FailingRun extends StudyRun {
        private static final long serialVersionUID = 1L;

        FailingRun(StudyConfig config, int maxFailures) {
            super(config, maxFailures);
        }

        @Override
        Result train(int index, int attempt) {
            if (index == 1) {
                throw new IllegalStateException("forced failure of run " + index + " (test)");
            }
            return super.train(index, attempt);
        }
    }

    @Test
    void aRunFailingEveryAttemptIsListedWithoutRowsAndResumingTrainsIt() {
        Path file = dir.resolve("failing.jsonl");
        try (StudyOutcome out = SparkPeStudy.of(spark, tiny()).results(file).runTask(FailingRun::new).run(allocator)) {
            assertEquals(3, out.study().trained());
            assertEquals(1, out.failed().size());
            SweepOutcome.FailedCell f = out.failed().get(0);
            assertEquals(1, f.cell());
            assertEquals("copy/nope/seed 2", f.key());
            assertEquals(1, f.attempts(), "local[2] tries a task once");
            assertEquals("java.lang.IllegalStateException: forced failure of run 1 (test)", f.error());
            assertEquals(9, out.table().rowCount(), "the other three runs' rows");
        }
        assertEquals(Set.of(0, 1, 2, 6, 7, 8, 9, 10, 11), Set.copyOf(ResultsFile.read(file).rows().stream()
                .map(ResultsFile.Row::cell).toList()), "the failed run has no row");
        // Resuming with the working task trains the failed run alone; the table is then the uninterrupted one.
        try (StudyOutcome out = SparkPeStudy.of(spark, tiny()).results(file).resume(true).run(allocator);
             Table local = table(localFile)) {
            assertEquals(1, out.submitted());
            SparkSweepTest.assertEqualTables(local, out.table(), MEASURED);
        }
    }
}

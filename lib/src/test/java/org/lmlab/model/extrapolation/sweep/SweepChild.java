package org.lmlab.model.extrapolation.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.model.LanguageModel;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;

/**
 * A sweep in a process of its own, for the kill-and-resume checks ({@link KillAndResume}): it runs a
 * test's grid and, once the first row is written, blocks inside the second cell until it is
 * killed. Arguments: {@code ppl TEXT_FILE RESULTS} ({@link SweepSmolLm2Test}'s grid) or
 * {@code passkey RESULTS} ({@link RetrievalTaskSmolLm2Test}'s).
 */
public final class SweepChild {

    private SweepChild() {
    }

    public static void main(String[] args) throws Exception {
        try (LanguageModel model = LanguageModel.load(SweepSmolLm2Test.MODEL, "cpu", Progress.NONE);
                RootAllocator allocator = new RootAllocator()) {
            SweepTask task;
            SweepGrid grid;
            Path results;
            if (args[0].equals("ppl")) {
                task = SweepSmolLm2Test.task(Files.readString(Path.of(args[1])));
                grid = SweepSmolLm2Test.grid(task);
                results = Path.of(args[2]);
            } else if (args[0].equals("passkey")) {
                task = RetrievalTaskSmolLm2Test.PASSKEY;
                grid = RetrievalTaskSmolLm2Test.passkeyGrid();
                results = Path.of(args[1]);
            } else {
                throw new IllegalArgumentException("unknown task " + args[0] + "; ppl or passkey");
            }
            Sweep.on(model, stallingInCell1(task), grid).results(results).run(allocator).close();
        }
    }

    /** {@code task}, except that cell 1 says so and blocks until the process is killed. */
    private static SweepTask stallingInCell1(SweepTask task) {
        return new SweepTask() {
            @Override
            public String name() {
                return task.name();
            }

            @Override
            public String definition() {
                return task.definition();
            }

            @Override
            public List<ColumnSchema> columns() {
                return task.columns();
            }

            @Override
            public int cachePositions(SweepGrid.Cell cell) {
                return task.cachePositions(cell);
            }

            @Override
            public Result run(LanguageModel m, SweepGrid.Cell cell, Progress progress) {
                if (cell.index() == 1) {
                    System.out.println("in cell 1");
                    System.out.flush();
                    try {
                        Thread.sleep(600_000); // killed here, in the middle of a cell
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return task.run(m, cell, progress);
            }
        };
    }
}

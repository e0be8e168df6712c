package org.lmlab.model.extrapolation.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.model.LanguageModel;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;

/**
 * A sweep in a process of its own, for {@link SweepSmolLm2Test}'s kill-and-resume check: it runs
 * the test's grid and, once the first row is written, blocks inside the second cell until it is
 * killed. Arguments: the text file, the results file.
 */
public final class SweepChild {

    private SweepChild() {
    }

    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of(args[0]));
        try (LanguageModel model = LanguageModel.load(SweepSmolLm2Test.MODEL, "cpu", Progress.NONE);
                RootAllocator allocator = new RootAllocator()) {
            PerplexityTask ppl = SweepSmolLm2Test.task(text);
            SweepTask stalling = new SweepTask() {
                @Override
                public String name() {
                    return ppl.name();
                }

                @Override
                public String definition() {
                    return ppl.definition();
                }

                @Override
                public List<ColumnSchema> columns() {
                    return ppl.columns();
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
                    return ppl.run(m, cell, progress);
                }
            };
            Sweep.on(model, stalling, SweepSmolLm2Test.grid(ppl)).results(Path.of(args[1])).run(allocator).close();
        }
    }
}

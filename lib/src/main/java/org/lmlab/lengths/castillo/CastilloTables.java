package org.lmlab.lengths.castillo;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.Table;

/** CASTILLO as a table with one row per sampled response: what {@code %lengths} analyses. */
public final class CastilloTables {

    private CastilloTables() {
    }

    /**
     * Columns: model, dataset, prompt_id, sample (0-based index among the prompt's responses),
     * length (tokens), degenerate (the prompt's stored flag).
     */
    public static Table responses(List<CastilloRow> rows, BufferAllocator allocator) {
        List<String> model = new ArrayList<>();
        List<String> dataset = new ArrayList<>();
        List<String> prompt = new ArrayList<>();
        List<Integer> sample = new ArrayList<>();
        List<Long> length = new ArrayList<>();
        List<Boolean> degenerate = new ArrayList<>();
        for (CastilloRow row : rows) {
            int[] sizes = row.outputSizes();
            for (int i = 0; i < sizes.length; i++) {
                model.add(row.model());
                dataset.add(row.dataset());
                prompt.add(row.promptId());
                sample.add(i);
                length.add((long) sizes[i]);
                degenerate.add(row.degenerate());
            }
        }
        return Table.builder(allocator, "CASTILLO responses")
                .utf8("model", model.toArray(String[]::new))
                .utf8("dataset", dataset.toArray(String[]::new))
                .utf8("prompt_id", prompt.toArray(String[]::new))
                .int32("sample", sample.toArray(Integer[]::new))
                .int64("length", length.toArray(Long[]::new))
                .bool("degenerate", degenerate.toArray(Boolean[]::new))
                .build();
    }
}

package org.lmlab.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads a large input a batch at a time, so memory holds one batch rather than the whole file.
 * Every batch has {@link #schema()}. The caller owns and closes each batch.
 *
 * <pre>{@code
 * try (BatchReader batches = Csv.open(path, allocator, CsvOptions.defaults())) {
 *     for (Table next; (next = batches.next()) != null; ) {
 *         try (Table batch = next) { ... }
 *     }
 * }
 * }</pre>
 */
public interface BatchReader extends AutoCloseable {

    TableSchema schema();

    /** The next batch, owned by the caller, or null after the last one. */
    Table next() throws IOException;

    @Override
    void close() throws IOException;

    /** The source's Arrow schema metadata (a saved table's provenance, for one); empty when it has none. */
    default Map<String, String> metadata() {
        return Map.of();
    }

    /** As {@link #readAll}, the table annotated with the source's {@link #metadata()}. */
    default Table readAllWithMetadata(BufferAllocator parent, String source) throws IOException {
        Table table = readAll(parent, source);
        if (!metadata().isEmpty()) {
            table.annotate(metadata());
        }
        return table;
    }

    /**
     * Reads the remaining batches into one table named {@code source} that keeps them as its
     * record batches (no copy; see {@link Table#batches()}).
     */
    default Table readAll(BufferAllocator parent, String source) throws IOException {
        List<Table> batches = new ArrayList<>();
        try {
            for (Table batch; (batch = next()) != null; ) {
                batches.add(batch);
            }
            if (batches.size() == 1) {
                return batches.remove(0);
            }
            // ofBatches takes the batches over (and closes them), so nothing is left to close here.
            List<Table> parts = new ArrayList<>(batches);
            batches.clear();
            return Table.ofBatches(parent, source, schema(), parts);
        } finally {
            batches.forEach(Table::close);
        }
    }
}

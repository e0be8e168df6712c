package org.lmlab.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A table's rows as an Arrow stream of record batches of up to {@code batchRows} rows (never
 * spanning two of the table's own record batches), for
 * consumers that take an {@link ArrowReader}: IPC writers, and DuckDB through the Arrow C stream
 * interface. Each batch shares the table's value buffers (as {@link Table#slice} does), so
 * streaming copies no values. Always yields at least one batch, empty for an empty table.
 *
 * <p>The table must stay open while the reader is in use; closing the reader does not close it.
 */
public final class TableArrowReader extends ArrowReader {

    private final Table table;
    private final int batchRows;
    private final List<TransferPair> pairs = new ArrayList<>();
    /** The table's record batch being streamed, and the next row in it. */
    private int current;
    private int offset;
    private boolean started;

    /**
     * @param allocator where the reader's batch vectors live: a child of the table's allocator's
     *                  parent is right; it must outlive the reader
     */
    public TableArrowReader(Table table, BufferAllocator allocator, int batchRows) {
        super(allocator);
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive, not " + batchRows);
        }
        this.table = table;
        this.batchRows = batchRows;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        List<VectorSchemaRoot> sources = table.batches();
        while (current < sources.size() && offset >= sources.get(current).getRowCount()) {
            current++;
            offset = 0;
            pairs.clear();
        }
        if (current >= sources.size() && started) {
            return false;
        }
        prepareLoadNextBatch();
        VectorSchemaRoot batch = getVectorSchemaRoot();
        batch.clear();
        int length = 0;
        if (current < sources.size()) {
            VectorSchemaRoot source = sources.get(current);
            if (pairs.isEmpty()) {
                for (int c = 0; c < source.getFieldVectors().size(); c++) {
                    pairs.add(source.getVector(c).makeTransferPair(batch.getVector(c)));
                }
            }
            length = Math.min(batchRows, source.getRowCount() - offset);
            for (TransferPair pair : pairs) {
                pair.splitAndTransfer(offset, length);
            }
        }
        batch.setRowCount(length);
        offset += length;
        started = true;
        return true;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    private boolean closed;

    /**
     * Idempotent and synchronized: when the reader is exported to DuckDB, the C stream's release
     * (possibly on a DuckDB thread) and the caller's try-with-resources both close it, and
     * clearing the batch twice at once would release the lent buffers twice.
     */
    @Override
    public synchronized void close(boolean closeReadSource) throws IOException {
        if (!closed) {
            closed = true;
            super.close(closeReadSource);
        }
    }

    @Override
    protected void closeReadSource() {
        // The table belongs to the caller.
    }

    @Override
    protected Schema readSchema() {
        return new Schema(table.batches().get(0).getSchema().getFields(), table.metadata());
    }
}

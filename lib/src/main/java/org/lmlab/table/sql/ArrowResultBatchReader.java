package org.lmlab.table.sql;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;
import org.lmlab.table.io.ArrowCoercion;

/**
 * Reads a DuckDB result as Arrow batches ({@link ArrowExchange#export}): DuckDB fills the Arrow
 * buffers natively and each batch moves into its table without a copy, except for the few
 * columns that need converting (unsigned integers, ENUM dictionaries, TIMESTAMP_S/MS/NS; see
 * {@link ArrowCoercion}). {@link SqlEngine} sends here only results whose column types all
 * convert ({@link DuckTypes#arrowReady}).
 */
final class ArrowResultBatchReader implements BatchReader {

    private final Statement statement;
    private final BufferAllocator allocator;
    private final ArrowReader reader;
    private final String source;
    private final boolean single;
    private final TableSchema schema;
    private int batch;
    private boolean exhausted;

    /**
     * Takes ownership of {@code statement}, which ran {@code rows}: closing this reader closes it.
     *
     * @param schema the tables' schema, from the result's SQL types ({@link DuckTypes#columnOf})
     */
    ArrowResultBatchReader(Statement statement, ResultSet rows, BufferAllocator allocator, String source,
            int batchRows, TableSchema schema) throws SQLException {
        this.statement = statement;
        this.allocator = allocator;
        this.source = source;
        this.single = batchRows == Integer.MAX_VALUE;
        this.schema = schema;
        // Not a child allocator closed with this reader: each imported C array (a small struct) lives
        // until the last table holding its buffers closes, which may be after this reader.
        this.reader = ArrowExchange.export(rows, allocator, batchRows);
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public Table next() throws IOException {
        if (exhausted) {
            return null;
        }
        String name = single ? source : source + "#" + batch;
        boolean loaded = reader.loadNextBatch();
        if (!loaded) {
            exhausted = true;
            if (batch > 0) {
                return null;
            }
        }
        batch++;
        BufferAllocator tableAllocator = allocator.newChildAllocator(name, 0, Long.MAX_VALUE);
        List<FieldVector> vectors = new ArrayList<>();
        try {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            for (int c = 0; c < schema.size(); c++) {
                vectors.add(loaded ? ArrowCoercion.coerce(root.getVector(c), reader, tableAllocator)
                        : emptyVector(schema.get(c), tableAllocator));
            }
            VectorSchemaRoot table = new VectorSchemaRoot(vectors);
            table.setRowCount(loaded ? root.getRowCount() : 0);
            return Table.adopt(tableAllocator, table);
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            tableAllocator.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new SqlException("closing the result of " + source + " failed: " + e.getMessage(), e);
        } finally {
            try {
                statement.close();
            } catch (SQLException e) {
                throw new SqlException("closing the result of " + source + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static FieldVector emptyVector(ColumnSchema column, BufferAllocator allocator) {
        FieldVector v = column.toArrowField().createVector(allocator);
        v.setValueCount(0);
        return v;
    }
}

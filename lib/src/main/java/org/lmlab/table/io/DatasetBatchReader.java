package org.lmlab.table.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.FragmentScanOptions;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

/**
 * A file read by Arrow C++'s scanners through Arrow Java's dataset module (JNI, the engine
 * pyarrow uses; decoding runs on native threads): each record batch arrives through the C data
 * interface and moves into a table without a copy, except columns that need converting
 * ({@link ArrowCoercion}). Native failures become {@link TableFormatException}s naming the file.
 */
final class DatasetBatchReader implements BatchReader {

    /** The schema is converted before any batch, so before any dictionary arrives. */
    private static final DictionaryProvider NO_DICTIONARIES = new DictionaryProvider.MapDictionaryProvider();

    private final Path file;
    private final BufferAllocator allocator;
    private final FileSystemDatasetFactory factory;
    private final Dataset dataset;
    private final Scanner scanner;
    private final ArrowReader reader;
    private final TableSchema schema;
    private final boolean single;
    private int batch;

    private DatasetBatchReader(Path file, BufferAllocator allocator, FileSystemDatasetFactory factory, Dataset dataset,
            Scanner scanner, ArrowReader reader, TableSchema schema, boolean single) {
        this.file = file;
        this.allocator = allocator;
        this.factory = factory;
        this.dataset = dataset;
        this.scanner = scanner;
        this.reader = reader;
        this.schema = schema;
        this.single = single;
    }

    /**
     * Opens {@code file} for batches of up to {@code batchRows} rows (Integer.MAX_VALUE: as large
     * as the format's units, e.g. Parquet row groups).
     */
    static DatasetBatchReader open(Path file, FileFormat format, BufferAllocator allocator, int batchRows)
            throws TableFormatException {
        return open(file, format, allocator, batchRows, Optional::empty);
    }

    /**
     * As above, with format-specific options (e.g. CSV column types and null spellings), asked
     * for twice (inspecting and scanning each consume theirs).
     */
    static DatasetBatchReader open(Path file, FileFormat format, BufferAllocator allocator, int batchRows,
            Supplier<Optional<FragmentScanOptions>>
                    formatOptions) throws TableFormatException {
        FileSystemDatasetFactory factory = null;
        Dataset dataset = null;
        Scanner scanner = null;
        try {
            factory = new FileSystemDatasetFactory(allocator, NativeMemoryPool.getDefault(), format,
                    file.toAbsolutePath().toUri().toString(), formatOptions.get());
            TableSchema schema = coercedSchema(file, factory.inspect(), allocator);
            dataset = factory.finish();
            ScanOptions.Builder scan = new ScanOptions.Builder(batchRows).columns(Optional.empty());
            formatOptions.get().ifPresent(scan::fragmentScanOptions);
            scanner = dataset.newScan(scan.build());
            ArrowReader reader = scanner.scanBatches();
            return new DatasetBatchReader(file, allocator, factory, dataset, scanner, reader, schema,
                    batchRows == Integer.MAX_VALUE);
        } catch (TableFormatException e) {
            closeAll(scanner, dataset, factory);
            throw e;
        } catch (RuntimeException e) {
            closeAll(scanner, dataset, factory);
            throw TableFormatException.inFile(file, firstLine(e.getMessage()), e);
        }
    }

    /** The schema tables will have: each column's Arrow type after conversion. */
    private static TableSchema coercedSchema(Path file, Schema arrow, BufferAllocator allocator)
            throws TableFormatException {
        List<ColumnSchema> columns = new ArrayList<>();
        try (BufferAllocator probe = allocator.newChildAllocator(file + " (schema)", 0, Long.MAX_VALUE)) {
            for (Field field : arrow.getFields()) {
                // An empty vector of the file's type converts like a full one. A dictionary
                // (categorical) column's Field carries its value type, which it decodes to.
                Field values = field.getDictionary() == null ? field : new Field(field.getName(),
                        new FieldType(field.isNullable(), field.getType(), null,
                                field.getMetadata()), field.getChildren());
                try (FieldVector empty = values.createVector(probe);
                     FieldVector converted = ArrowCoercion.coerce(empty, NO_DICTIONARIES, probe)) {
                    columns.add(ColumnSchema.fromArrowField(converted.getField()).withName(field.getName()));
                }
            }
            return new TableSchema(columns);
        } catch (IllegalArgumentException e) {
            throw TableFormatException.inFile(file, e.getMessage(), e);
        }
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public Map<String, String> metadata() {
        return IpcBatchReader.schemaMetadata(reader);
    }

    @Override
    public Table next() throws IOException {
        boolean loaded;
        try {
            loaded = reader.loadNextBatch();
        } catch (IOException | RuntimeException e) {
            throw TableFormatException.inFile(file, "reading record batch " + batch + " failed: "
                    + firstLine(e.getMessage()), e);
        }
        if (!loaded) {
            return null;
        }
        String name = single && batch == 0 ? file.toString() : file + "#" + batch;
        batch++;
        try {
            return ArrowCoercion.adopt(reader.getVectorSchemaRoot(), reader, allocator, name);
        } catch (IllegalArgumentException e) {
            throw TableFormatException.inFile(file, "record batch " + (batch - 1) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            closeAll(scanner, dataset, factory);
        }
    }

    private static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // Native handles are released even when close reports a problem; keep closing.
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

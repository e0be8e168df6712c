package org.lmlab.table.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.scanner.csv.CsvConvertOptions;
import org.apache.arrow.dataset.scanner.csv.CsvFragmentScanOptions;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

/**
 * The fast path of {@link Csv#read}: Arrow C++'s multi-threaded CSV reader (the one pyarrow
 * uses, through arrow-dataset) parses the whole file into the schema lmlab's own reader chose
 * from the header and sample, so both paths give the same table. It gives up (returns null)
 * whenever its answer could differ from the Java reader's: options it cannot express, a zoned
 * timestamp column, a string column holding a non-empty null spelling (Arrow cannot tell
 * whether it was quoted), a bool spelled otherwise than lmlab accepts, or any error Arrow
 * reports. The Java reader then reads the file, and names the line of whatever is wrong.
 */
final class CsvArrowReader {

    private CsvArrowReader() {
    }

    /** The table, or null when the Java reader must read this file. */
    static Table tryRead(Path file, BufferAllocator allocator, CsvOptions options, TableSchema schema) {
        if (!expressible(options, schema) || hexIntegersPossible(file, schema)) {
            return null;
        }
        List<ArrowSchema> exported = new ArrayList<>();
        List<Table> raw = new ArrayList<>();
        VectorSchemaRoot[] converted = new VectorSchemaRoot[0];
        BufferAllocator target = allocator.newChildAllocator(file.toString(), 0, Long.MAX_VALUE);
        try (BatchReader batches = DatasetBatchReader.open(file, FileFormat.CSV, allocator, 1 << 20,
                () -> Optional.of(scanOptions(options, schema, allocator, exported)))) {
            if (!batches.schema().names().equals(schema.names())) {
                return giveUp(converted, target);
            }
            for (Table batch; (batch = batches.next()) != null; ) {
                raw.add(batch);
            }
            // Batches convert independently (bools and timestamps are parsed here): in parallel.
            // A failed batch yields null rather than an exception, so that every task has finished
            // (and nothing still allocates from target) before the result is looked at.
            VectorSchemaRoot[] out = new VectorSchemaRoot[raw.size()];
            converted = out;
            java.util.stream.IntStream.range(0, raw.size()).parallel().forEach(i -> {
                try {
                    out[i] = converted(raw.get(i), schema, options, target);
                } catch (RuntimeException e) {
                    out[i] = null;
                }
            });
        } catch (Exception e) {
            // Malformed input or an option Arrow reads differently: the Java reader decides.
            return giveUp(converted, target);
        } finally {
            raw.forEach(Table::close);
            // The reader imported (and released) the column types; the structs remain ours.
            exported.forEach(ArrowSchema::close);
        }
        if (converted.length == 0 || java.util.Arrays.asList(converted).contains(null)) {
            return giveUp(converted, target);
        }
        return Table.adopt(target, java.util.Arrays.asList(converted));
    }

    private static boolean expressible(CsvOptions options, TableSchema schema) {
        if (!options.header() || !options.charset().equals(StandardCharsets.UTF_8) || !options.nullValues().contains("")
                || schema.size() == 0) {
            return false;
        }
        for (ColumnSchema c : schema.columns()) {
            if (c.type() == ColumnType.TIMESTAMP && c.timeZone() != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Arrow also reads {@code 0x1F} as an integer; lmlab does not. No int column can hold one if
     * the file has no "0x" or "0X" anywhere (one pass over the mapped bytes, ~1 GB/s).
     */
    private static boolean hexIntegersPossible(Path file, TableSchema schema) {
        boolean ints = schema.columns().stream()
                .anyMatch(c -> c.type() == ColumnType.INT32 || c.type() == ColumnType.INT64);
        if (!ints) {
            return false;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            long window = 1L << 30;
            for (long at = 0; at < size; at += window - 1) {
                java.nio.MappedByteBuffer bytes = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, at,
                        Math.min(window, size - at));
                if (hasHexPrefix(bytes)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** Whether "0x" or "0X" occurs; eight bytes at a time, looking for an x first. */
    static boolean hasHexPrefix(java.nio.ByteBuffer bytes) {
        java.nio.ByteBuffer b = bytes.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = b.limit();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            // Bytes equal to 'x' after folding case (b | 0x20 == 'x') become zero; test for any zero byte.
            long folded = (b.getLong(i) | 0x2020202020202020L) ^ 0x7878787878787878L;
            if (((folded - 0x0101010101010101L) & ~folded & 0x8080808080808080L) != 0 && exactHexPrefix(b, i, i + 8)) {
                return true;
            }
        }
        return exactHexPrefix(b, i, n);
    }

    private static boolean exactHexPrefix(java.nio.ByteBuffer b, int from, int to) {
        for (int k = Math.max(from, 1); k < to; k++) {
            if ((b.get(k) | 0x20) == 'x' && b.get(k - 1) == '0') {
                return true;
            }
        }
        return false;
    }

    /**
     * Arrow's options for lmlab's semantics: the given column types (bools read as text and
     * checked here), only the empty field null, and a quoted field never null.
     */
    private static CsvFragmentScanOptions scanOptions(CsvOptions options, TableSchema schema,
            BufferAllocator allocator, List<ArrowSchema> exported) {
        List<Field> fields = new ArrayList<>();
        for (ColumnSchema c : schema.columns()) {
            // Bools and timestamps come as text and are parsed here: Arrow accepts more spellings
            // (1/0, an hour without minutes) than lmlab does.
            boolean asText = c.type() == ColumnType.BOOL || c.type() == ColumnType.TIMESTAMP;
            ColumnSchema asRead = asText ? ColumnSchema.of(c.name(), ColumnType.UTF8) : c;
            fields.add(asRead.toArrowField());
        }
        CsvConvertOptions convert = new CsvConvertOptions(Map.of(
                "null_values", "",
                "strings_can_be_null", "true",
                "quoted_strings_can_be_null", "false"));
        ArrowSchema types = ArrowSchema.allocateNew(allocator);
        exported.add(types);
        Data.exportSchema(allocator, new Schema(fields), null, types);
        convert.setArrowSchema(types);
        return new CsvFragmentScanOptions(convert, Map.of(),
                Map.of("delimiter", String.valueOf(options.delimiter()),
                        "quote_char", String.valueOf(options.quote()),
                        "newlines_in_values", "true"));
    }

    /**
     * One batch in lmlab's types, its vectors moved to {@code target}; null when a cell needs
     * the Java reader's judgement.
     */
    private static VectorSchemaRoot converted(Table batch, TableSchema schema, CsvOptions options,
            BufferAllocator target) {
        VectorSchemaRoot source = batch.batches().get(0);
        List<FieldVector> out = new ArrayList<>();
        try {
            for (int c = 0; c < schema.size(); c++) {
                ColumnSchema column = schema.get(c);
                FieldVector v = source.getVector(c);
                if (column.type() == ColumnType.BOOL || column.type() == ColumnType.TIMESTAMP) {
                    FieldVector parsed = column.type() == ColumnType.BOOL ? bools((VarCharVector) v, column, target)
                            : timestamps((VarCharVector) v, column, target);
                    if (parsed == null) {
                        out.forEach(FieldVector::close);
                        return null;
                    }
                    out.add(parsed);
                    continue;
                }
                if (column.type() == ColumnType.UTF8 && holdsNullSpelling((VarCharVector) v, options)) {
                    out.forEach(FieldVector::close);
                    return null;
                }
                var pair = v.getTransferPair(target);
                pair.transfer();
                out.add((FieldVector) pair.getTo());
            }
        } catch (RuntimeException e) {
            out.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(schema.toArrow().getFields(), out, source.getRowCount());
    }

    /**
     * Whether a non-null cell spells a non-empty null token: Arrow kept it as text, and whether it
     * was quoted (a string for the Java reader) or not (a null) is lost. A non-null empty cell was
     * quoted: Arrow makes unquoted empty fields null.
     */
    private static boolean holdsNullSpelling(VarCharVector v, CsvOptions options) {
        int longest = options.nullValues().stream().mapToInt(String::length).max().orElse(0);
        for (int r = 0; r < v.getValueCount(); r++) {
            if (!v.isNull(r) && v.getValueLength(r) > 0 && v.getValueLength(r) <= longest
                    && options.nullValues().contains(new String(v.get(r), StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    /** The text column as bools in lmlab's spellings, or null if a cell is spelled otherwise. */
    private static BitVector bools(VarCharVector text, ColumnSchema column, BufferAllocator target) {
        int n = text.getValueCount();
        BitVector out = (BitVector) column.toArrowField().createVector(target);
        out.allocateNew(n);
        org.apache.arrow.vector.util.Text cell = new org.apache.arrow.vector.util.Text();
        for (int r = 0; r < n; r++) {
            if (text.isNull(r)) {
                continue;
            }
            text.read(r, cell);
            int value = boolValue(cell.getBytes(), (int) cell.getLength());
            if (value < 0) {
                out.close();
                return null;
            }
            out.set(r, value);
        }
        out.setValueCount(n);
        return out;
    }

    /** The text column as zone-less timestamps parsed as the Java reader does, or null if one does not parse. */
    private static FieldVector timestamps(VarCharVector text, ColumnSchema column, BufferAllocator target) {
        int n = text.getValueCount();
        org.apache.arrow.vector.TimeStampMicroVector out =
                (org.apache.arrow.vector.TimeStampMicroVector) column.toArrowField().createVector(target);
        out.allocateNew(n);
        org.apache.arrow.vector.util.Text cell = new org.apache.arrow.vector.util.Text();
        Ascii view = new Ascii();
        for (int r = 0; r < n; r++) {
            if (text.isNull(r)) {
                continue;
            }
            text.read(r, cell);
            view.bytes = cell.getBytes();
            view.length = (int) cell.getLength();
            long micros;
            try {
                micros = TextValues.timestampMicros(view, null);
            } catch (RuntimeException e) {
                out.close();
                return null;
            }
            out.set(r, micros);
        }
        out.setValueCount(n);
        return out;
    }

    /** Bytes seen as characters, for parsers that take a CharSequence (non-ASCII bytes never match digits). */
    private static final class Ascii implements CharSequence {
        byte[] bytes;
        int length;

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes[index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }

    private static final byte[][] TRUE = ascii(TextValues.TRUE_WORDS);
    private static final byte[][] FALSE = ascii(TextValues.FALSE_WORDS);

    private static byte[][] ascii(List<String> words) {
        return words.stream().map(w -> w.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }

    /** 1, 0, or -1 when the bytes are not one of {@link TextValues#isBool}'s spellings. */
    static int boolValue(byte[] b, int length) {
        return spells(TRUE, b, length) ? 1 : spells(FALSE, b, length) ? 0 : -1;
    }

    private static boolean spells(byte[][] words, byte[] b, int length) {
        return java.util.Arrays.stream(words).anyMatch(w -> java.util.Arrays.equals(b, 0, length, w, 0, w.length));
    }

    private static Table giveUp(VectorSchemaRoot[] roots, BufferAllocator target) {
        for (VectorSchemaRoot root : roots) {
            if (root != null) {
                root.close();
            }
        }
        target.close();
        return null;
    }
}

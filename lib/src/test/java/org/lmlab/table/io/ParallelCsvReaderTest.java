package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.table.TableAssertions.assertSameContent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

/**
 * The parallel byte-level reader, {@link Csv#read}'s fast path, may only answer where lmlab's own
 * reader gives the same table: on random files mixing every spelling the Java reader accepts
 * (and some it refuses or reads otherwise), cut into chunks of random small sizes so that cuts
 * fall everywhere (inside quoted line breaks, between CR and LF, in the header), with and
 * without a header, explicit schemas and other null spellings, the fast path either declines
 * or returns exactly the Java reader's table. {@code -Dlmlab.csv.files} sets how many files
 * (default 400).
 */
class ParallelCsvReaderTest {

    private static final int FILES = Integer.getInteger("lmlab.csv.files", 400);
    /** Written as the single byte 0xFF: never UTF-8. */
    private static final char BAD_BYTE = '\uE000';

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();

    @TempDir
    Path dir;


    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    /** Cells of one column kind; {@code odd} allows spellings outside the common forms. */
    private static final List<Function<Random, String>> KINDS = List.of(
            r -> r.nextInt(8) == 0 ? "" : Long.toString(r.nextLong() >> r.nextInt(60)),
            r -> r.nextInt(8) == 0 ? "" : r.nextInt(10) == 0 ? pick(r, "NaN", "nan", "inf", "-inf", "Infinity", "1e5",
                    ".5", "1.", "-0.0", "1E-3") : Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6)),
            r -> r.nextInt(8) == 0 ? "" : pick(r, "true", "false", "True", "False", "TRUE", "FALSE"),
            r -> switch (r.nextInt(9)) {
                case 0 -> "";
                case 1 -> "\"\"";
                case 2 -> "\"quoted, with \"\"quotes\"\"\nand a newline\"";
                case 3 -> "ünïcødé ✓ 東京";
                case 4 -> "\"quoted\"";
                default -> "model-" + r.nextInt(1000);
            },
            r -> r.nextInt(8) == 0 ? "" : String.format("%04d-%02d-%02d", 1900 + r.nextInt(200), 1 + r.nextInt(12),
                    1 + r.nextInt(28)),
            r -> r.nextInt(8) == 0 ? "" : String.format("%04d-%02d-%02d%s%02d:%02d%s", 1970 + r.nextInt(80),
                    1 + r.nextInt(12), 1 + r.nextInt(28), pick(r, "T", " "), r.nextInt(24), r.nextInt(60),
                    pick(r, "", ":" + String.format("%02d", r.nextInt(60)),
                            ":07." + "123456".substring(0, 1 + r.nextInt(6)))));

    /** Spellings the Java reader refuses or reads differently from Arrow's defaults. */
    private static final List<List<String>> SURPRISES = List.of(
            List.of("+5", "007", "1.5", "NA", "0x10", "-0", " 5", "5 ", "9223372036854775808", "\"12\"", "1\"2",
                    "٣"),
            List.of("NA", "None", "INF", "+inf", "1f", "0x1p3", "1_000", " 1.5", "1.5 ", "\"2.5\"", "1e400", "-nan"),
            List.of("1", "0", "yes", "NA", "t", " true", "\"true\"", "tRUE"),
            List.of("NA", "null", "None", "N/A", "\"NA\"", "\"\"", " padded ", "\"a\r\nb\"", "in\"side",
                    "\"after\"text", "bad" + BAD_BYTE + "byte", "\"\r\"", "\"ends with \"\"\"", "\uD83D\uDE00"),
            List.of("2024-02-30", "NA", "20240101", "2024-1-1", "+2024-01-01", "2024-01-01 ", "\"2024-01-01\""),
            List.of("2024-01-01", "2024-01-01T10", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00+02:00", "NA",
                    "2024-01-01T10:00:00.1234567", "2024-01-01T24:00", "\"2024-01-01T10:00\""));

    /** A generated file: its column kinds (indexes into KINDS), whether it has a header, its delimiter. */
    private record Generated(Path path, int[] kinds, boolean header, char delimiter) {
    }

    private Generated randomFile(long seed, boolean surprises) throws IOException {
        Random r = new Random(seed);
        int columns = 1 + r.nextInt(KINDS.size());
        int[] kind = r.ints(columns, 0, KINDS.size()).toArray();
        boolean header = r.nextInt(5) > 0;
        // Tab and comma take the one-test search for special bytes, semicolon the exact one.
        char delimiter = r.nextInt(4) == 0 ? pick(r, "\t", ";").charAt(0) : ',';
        StringBuilder text = new StringBuilder(r.nextInt(10) == 0 ? "\uFEFF" : "");
        String newline = pick(r, "\n", "\n", "\r\n", "\r");
        if (header) {
            for (int c = 0; c < columns; c++) {
                text.append(c > 0 ? String.valueOf(delimiter) : "").append(r.nextInt(10) == 0 ? "\"c" + c + ", with\nbreak\"" : "c" + c);
            }
            text.append(newline);
        }
        int rows = 1 + r.nextInt(400);
        for (int row = 0; row < rows; row++) {
            boolean oddRow = surprises && row > 20 && r.nextInt(300) == 0;
            int width = oddRow && r.nextBoolean() ? columns + (r.nextBoolean() ? 1 : -1) : columns;
            if (oddRow && width == columns) {
                text.append(newline); // an empty line
            }
            for (int c = 0; c < width; c++) {
                text.append(c > 0 ? String.valueOf(delimiter) : "");
                boolean odd = surprises && row > 20 && r.nextInt(150) == 0;
                int k = kind[Math.min(c, columns - 1)];
                text.append(odd ? pick(r, SURPRISES.get(k).toArray(String[]::new)) : KINDS.get(k).apply(r));
            }
            if (row < rows - 1 || !surprises || r.nextBoolean()) {
                text.append(newline);
            }
        }
        byte[] bytes = text.toString().replace(String.valueOf(BAD_BYTE), "\u00FF").getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[bytes.length];
        int n = 0;
        for (int i = 0; i < bytes.length; i++) {
            // U+00FF is C3 BF in UTF-8: written as the lone byte FF instead.
            if ((bytes[i] & 0xff) == 0xC3 && i + 1 < bytes.length && (bytes[i + 1] & 0xff) == 0xBF) {
                raw[n++] = (byte) 0xFF;
                i++;
            } else {
                raw[n++] = bytes[i];
            }
        }
        Path path = Files.write(dir.resolve("f" + seed + ".csv"), java.util.Arrays.copyOf(raw, n));
        return new Generated(path, kind, header, delimiter);
    }

    /** Options to read a generated file with: sometimes an explicit schema for some columns, or other null spellings. */
    private static CsvOptions randomOptions(Random r, Generated file) {
        // A small sample, so later rows can hold what the sample did not show.
        CsvOptions options = CsvOptions.defaults().withInferenceRows(20).withHeader(file.header())
                .withDelimiter(file.delimiter());
        if (r.nextInt(4) == 0) {
            options = options.withNullValues(Set.of("", "-1", "NA", "nulo"));
        }
        if (!file.header() || r.nextInt(3) == 0) {
            List<ColumnSchema> columns = new ArrayList<>();
            for (int c = 0; c < file.kinds().length; c++) {
                String name = file.header() ? "c" + c : "f" + c;
                columns.add(switch (file.kinds()[c]) {
                    case 0 -> ColumnSchema.of(name, r.nextBoolean() ? ColumnType.INT32 : ColumnType.INT64);
                    case 1 -> ColumnSchema.of(name, r.nextBoolean() ? ColumnType.FLOAT32 : ColumnType.FLOAT64);
                    case 2 -> ColumnSchema.of(name, ColumnType.BOOL);
                    case 4 -> ColumnSchema.of(name, ColumnType.DATE);
                    case 5 -> ColumnSchema.timestamp(name, r.nextBoolean() ? null : "UTC");
                    default -> ColumnSchema.of(name, ColumnType.UTF8);
                });
            }
            if (file.header() && columns.size() > 1) {
                columns.remove(r.nextInt(columns.size())); // that column is inferred
            }
            options = options.withSchema(new TableSchema(columns));
        }
        return options;
    }

    /** Why the Java reader refused the last file it refused. */
    private String refusal;

    /** Reads with the Java reader only (its schema from the sample), or null if it refuses the file. */
    private Table javaRead(Path file, CsvOptions options) throws IOException {
        try (CsvBatchReader reader = new CsvBatchReader(file, allocator, options.withBatchRows(Integer.MAX_VALUE),
                file.toString())) {
            return reader.readAll(allocator, file.toString());
        } catch (TableFormatException e) {
            refusal = e.getMessage();
            return null;
        }
    }

    private TableSchema sampleSchema(Path file, CsvOptions options) throws IOException {
        try (CsvBatchReader reader = new CsvBatchReader(file, allocator, options, file.toString())) {
            return reader.schema();
        }
    }

    @Test
    void theFastPathAnswersOnlyWhereItAgreesWithTheJavaReader() throws IOException {
        int fast = 0;
        int declined = 0;
        for (long seed = 1; seed <= FILES; seed++) {
            boolean surprises = seed % 2 == 0;
            Generated file = randomFile(seed, surprises);
            Random r = new Random(-seed);
            CsvOptions options = randomOptions(r, file);
            int chunk = 16 + r.nextInt(r.nextBoolean() ? 64 : 4096);
            TableSchema schema;
            try {
                schema = sampleSchema(file.path(), options);
            } catch (TableFormatException e) {
                continue;
            }
            try (Table java = javaRead(file.path(), options);
                 Table parallel = ParallelCsvReader.tryRead(file.path(), allocator, options, schema, chunk,
                         seed % 3 == 0 ? 0 : Long.MAX_VALUE)) {
                String where = "seed " + seed + " (chunks of " + chunk + " bytes" + (seed % 3 == 0 ? ", read twice)" : ")");
                if (java == null) {
                    assertNull(parallel, where + ": the Java reader refuses the file (" + refusal
                            + "), the fast path read it");
                } else if (parallel != null) {
                    assertSameContent(java, parallel);
                    assertEquals(file.path().toString(), parallel.source(), where);
                }
                if (parallel != null) {
                    fast++;
                } else {
                    declined++;
                }
                if (!surprises && java != null) {
                    assertNotNull(parallel, where + ": a file the Java reader reads without surprises must take the "
                            + "fast path");
                }
            }
        }
        System.out.printf("CSV fast path: %d files read in parallel, %d declined (Java reader)%n", fast, declined);
        assertTrue(fast >= FILES / 4 && declined >= FILES / 10, fast + " fast, " + declined + " declined");
    }

    @Test
    void csvReadUsesTheFastPathAndMakesOneBatchPerChunk() throws IOException {
        StringBuilder text = new StringBuilder("id,loss,ok,model,at\n");
        for (int i = 0; i < 200_000; i++) {
            text.append(i).append(',').append(i * 0.5).append(',').append(i % 3 == 0).append(",\"m\n").append(i % 7)
                    .append("\",2024-01-01 00:00:").append(String.format("%02d.%06d", i % 60, i)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("big.csv"), text, StandardCharsets.UTF_8);
        try (Table t = Csv.read(file, allocator)) {
            assertEquals(200_000, t.rowCount());
            assertTrue(t.batches().size() > 1, "one record batch per chunk: " + t.batches().size());
            assertEquals(199_999 * 0.5, t.getDouble("loss", 199_999));
            assertEquals(false, t.getBoolean("ok", 199_999));
            assertEquals("m\n" + 199_999 % 7, t.getString("model", 199_999));
            assertEquals(file.toString(), t.source());
            try (Table java = javaRead(file, CsvOptions.defaults())) {
                assertSameContent(java, t);
            }
        }
    }

    @Test
    void filesWithoutRecordsAndSingleRecordFilesAgree() throws IOException {
        for (String content : new String[] {"a,b\n", "a,b", "\uFEFFa,b\r\n1,2", "a\n\n\n1\n\n", "a,b\n1,\n",
            "\"a\nb\",c\n\"x\"\"y\",2\n", "a\r1\r2\r"}) {
            Path file = Files.writeString(dir.resolve("small.csv"), content, StandardCharsets.UTF_8);
            CsvOptions options = CsvOptions.defaults();
            TableSchema schema = sampleSchema(file, options);
            for (int chunk : new int[] {1, 2, 3, 5, 1 << 20}) {
                try (Table java = javaRead(file, options);
                     Table parallel = ParallelCsvReader.tryRead(file, allocator, options, schema, chunk,
                             chunk % 2 == 0 ? 0 : Long.MAX_VALUE)) {
                    assertNotNull(parallel, content + " in chunks of " + chunk);
                    assertSameContent(java, parallel);
                }
            }
        }
    }

    @Test
    void bytesThatAreNotUtf8LeaveTheFileToTheJavaReader() throws IOException {
        for (String cell : new String[] {"ab\u00FFc", "\"q\u00FF\"", "1\u00FF"}) {
            StringBuilder text = new StringBuilder("n,s\n");
            for (int i = 0; i < 20_000; i++) {
                text.append(i).append(",s").append(i).append('\n');
            }
            text.append(cell.startsWith("1") ? cell + ",s\n" : "7," + cell + "\n");
            // Latin-1 writes U+00FF as the lone byte FF, which is not UTF-8.
            Path file = Files.write(dir.resolve("bad.csv"), text.toString().getBytes(StandardCharsets.ISO_8859_1));
            TableSchema schema = sampleSchema(file, CsvOptions.defaults());
            assertNull(javaRead(file, CsvOptions.defaults()), "the Java reader refuses it");
            assertTrue(refusal.contains("UTF-8"), refusal);
            assertNull(ParallelCsvReader.tryRead(file, allocator, CsvOptions.defaults(), schema, 4096, Long.MAX_VALUE),
                    cell);
        }
    }

    @Test
    void aNamedPipeIsLeftToTheJavaReaderWhichReadsItOnce() throws Exception {
        Path pipe = dir.resolve("pipe.csv");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        StringBuilder text = new StringBuilder("n,s\n");
        for (int i = 0; i < 50_000; i++) {
            text.append(i).append(",s").append(i).append('\n');
        }
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(pipe, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        assertNull(ParallelCsvReader.start(pipe, CsvOptions.defaults(), 0), "a pipe reports size 0: not for cutting");
        try (Table t = Csv.read(pipe, allocator)) {
            assertEquals(50_000, t.rowCount());
            assertEquals("s49999", t.getString("s", 49_999));
        }
        writer.join(10_000);
    }

    @Test
    void wideFilesAndOddNullSpellingsAgree() throws IOException {
        StringBuilder text = new StringBuilder();
        int columns = 3_000;
        for (int c = 0; c < columns; c++) {
            text.append(c > 0 ? "," : "").append("c").append(c);
        }
        text.append('\n');
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < columns; c++) {
                text.append(c > 0 ? "," : "").append(c % 3 == 0 ? "x" + r : Integer.toString(r * c));
            }
            text.append('\n');
        }
        Path wide = Files.writeString(dir.resolve("wide.csv"), text, StandardCharsets.UTF_8);
        TableSchema schema = sampleSchema(wide, CsvOptions.defaults());
        try (Table java = javaRead(wide, CsvOptions.defaults());
             Table parallel = ParallelCsvReader.tryRead(wide, allocator, CsvOptions.defaults(), schema, 4096,
                     Long.MAX_VALUE)) {
            assertNotNull(parallel);
            assertSameContent(java, parallel);
        }
        // A lone surrogate has no UTF-8 spelling: the '?' a file holds is text, as the Java reader reads it.
        Path odd = Files.writeString(dir.resolve("odd.csv"), "a\n?\nb\n", StandardCharsets.UTF_8);
        CsvOptions options = CsvOptions.defaults().withNullValues(Set.of("", "\uD800"));
        try (Table t = Csv.read(odd, allocator, options)) {
            assertEquals("?", t.getString("a", 0));
        }
    }
}

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
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

/**
 * Arrow C++'s CSV reader as {@link Csv#read}'s fast path may only answer where lmlab's own reader
 * gives the same table: on random files mixing every spelling the Java reader accepts (and some
 * it refuses), the fast path either declines or returns exactly the Java reader's table.
 */
class CsvArrowReaderTest {

    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path dir;

    @AfterEach
    void noLeaks() {
        assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
        allocator.close();
    }

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
            List.of("+5", "007", "1.5", "NA", "0x10", "-0", " 5", "5 ", "9223372036854775808", "\"12\""),
            List.of("NA", "None", "INF", "+inf", "1f", "0x1p3", "1_000", " 1.5", "1.5 ", "\"2.5\"", "1e400", "-nan"),
            List.of("1", "0", "yes", "NA", "t", " true", "\"true\"", "tRUE"),
            List.of("NA", "null", "None", "N/A", "\"NA\"", "\"\"", " padded ", "\"a\r\nb\""),
            List.of("2024-02-30", "NA", "20240101", "2024-1-1", "+2024-01-01", "2024-01-01 ", "\"2024-01-01\""),
            List.of("2024-01-01", "2024-01-01T10", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00+02:00", "NA",
                    "2024-01-01T10:00:00.1234567", "2024-01-01T24:00", "\"2024-01-01T10:00\""));

    private Path randomFile(long seed, boolean surprises) throws IOException {
        Random r = new Random(seed);
        int columns = 1 + r.nextInt(KINDS.size());
        int[] kind = r.ints(columns, 0, KINDS.size()).toArray();
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            text.append(c > 0 ? "," : "").append("c").append(c);
        }
        text.append('\n');
        String newline = r.nextInt(3) == 0 ? "\r\n" : "\n";
        int rows = 1 + r.nextInt(400);
        for (int row = 0; row < rows; row++) {
            boolean oddRow = surprises && row > 20 && r.nextInt(300) == 0;
            int width = oddRow && r.nextBoolean() ? columns + (r.nextBoolean() ? 1 : -1) : columns;
            if (oddRow && width == columns) {
                text.append(newline);
            }
            for (int c = 0; c < width; c++) {
                text.append(c > 0 ? "," : "");
                boolean odd = surprises && row > 20 && r.nextInt(150) == 0;
                int k = kind[Math.min(c, columns - 1)];
                text.append(odd ? pick(r, SURPRISES.get(k).toArray(String[]::new)) : KINDS.get(k).apply(r));
            }
            // A last record without a line end (Arrow then reads an empty last field as text, not null).
            if (row < rows - 1 || !surprises || r.nextBoolean()) {
                text.append(newline);
            }
        }
        return Files.writeString(dir.resolve("f" + seed + ".csv"), text, StandardCharsets.UTF_8);
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
        // A small sample, so later rows can hold what the sample did not show.
        CsvOptions options = CsvOptions.defaults().withInferenceRows(20);
        int fast = 0;
        int declined = 0;
        for (long seed = 1; seed <= 200; seed++) {
            boolean surprises = seed % 2 == 0;
            Path file = randomFile(seed, surprises);
            TableSchema schema;
            try {
                schema = sampleSchema(file, options);
            } catch (TableFormatException e) {
                continue;
            }
            try (Table java = javaRead(file, options);
                 Table arrow = CsvArrowReader.tryRead(file, allocator, options, schema)) {
                if (java == null) {
                    assertNull(arrow, "seed " + seed + ": the Java reader refuses the file (" + refusal
                            + "), the fast path read it");
                } else if (arrow != null) {
                    assertSameContent(java, arrow);
                }
                if (arrow != null) {
                    fast++;
                } else {
                    declined++;
                }
                if (!surprises) {
                    assertNotNull(arrow, "seed " + seed + ": a file of common spellings must take the fast path");
                }
            }
        }
        System.out.printf("CSV fast path: %d files read by Arrow C++, %d declined (Java reader)%n", fast, declined);
        assertTrue(fast >= 80 && declined >= 40, fast + " fast, " + declined + " declined");
    }

    @Test
    void csvReadUsesTheFastPathAndKeepsItsBatches() throws IOException {
        StringBuilder text = new StringBuilder("id,loss,ok,model\n");
        for (int i = 0; i < 200_000; i++) {
            text.append(i).append(',').append(i * 0.5).append(',').append(i % 3 == 0).append(",m").append(i % 7)
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("big.csv"), text, StandardCharsets.UTF_8);
        try (Table t = Csv.read(file, allocator)) {
            assertEquals(200_000, t.rowCount());
            assertTrue(t.batches().size() > 1, "Arrow's reader yields several batches: " + t.batches().size());
            assertEquals(199_999 * 0.5, t.getDouble("loss", 199_999));
            assertEquals(false, t.getBoolean("ok", 199_999));
            assertEquals(file.toString(), t.source());
        }
    }

    @Test
    void hexPrefixesAreFoundAtEveryOffset() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at + 1 < length; at++) {
                for (String x : new String[] {"0x", "0X"}) {
                    byte[] text = "a".repeat(length).getBytes(StandardCharsets.US_ASCII);
                    text[at] = '0';
                    text[at + 1] = (byte) x.charAt(1);
                    assertTrue(CsvArrowReader.hasHexPrefix(java.nio.ByteBuffer.wrap(text)), length + " at " + at);
                }
            }
            byte[] none = "0axX 0 x 0\nX".repeat(4).substring(0, Math.min(length, 48)).getBytes(StandardCharsets.US_ASCII);
            assertEquals(false, CsvArrowReader.hasHexPrefix(java.nio.ByteBuffer.wrap(none)), new String(none,
                    StandardCharsets.US_ASCII));
        }
    }
}

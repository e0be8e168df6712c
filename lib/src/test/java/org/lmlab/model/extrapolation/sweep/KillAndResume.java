package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.Table;

/**
 * The kill-and-resume check (issue 16, acceptance 2) for any task {@link SweepChild} knows: a sweep in
 * a child JVM is killed inside its second cell after writing the first row, a torn row is appended as
 * if the kill had come in the middle of a write, and the resumed table must equal an uninterrupted
 * run's.
 */
final class KillAndResume {

    private KillAndResume() {
    }

    /**
     * Runs {@link SweepChild} with {@code childArguments} until it has written its first row to
     * {@code results} and blocks in cell 1, then kills it and appends the first 30 bytes of a row for
     * cell 1 without a newline.
     *
     * @return the torn line's length in bytes
     */
    static int killInCell1(Path dir, Path results, String cell1Key, String... childArguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dlmlab.root=" + PythonReference.root(), "-cp", System.getProperty("java.class.path"),
                SweepChild.class.getName()));
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (threads != null) { // as this JVM was told (one thread decodes faster on a busy machine)
            command.add(1, "-Dai.djl.pytorch.num_threads=" + threads);
        }
        command.addAll(List.of(childArguments));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long started = System.nanoTime();
        try {
            while (lines(results) < 2) {
                assertTrue(child.isAlive(), () -> "the sweep process ended early: " + read(log));
                assertTrue(System.nanoTime() - started < 120e9, () -> "no row after 120 s: " + read(log));
                Thread.sleep(50);
            }
            while (!read(log).contains("in cell 1")) {
                assertTrue(child.isAlive(), () -> "the sweep process ended early: " + read(log));
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "child: first row after %.1f s, killed inside cell 1%n",
                (System.nanoTime() - started) / 1e9);
        assertEquals(2, lines(results), "header and the first row");
        byte[] torn = ("{\"cell\":1,\"key\":\"" + cell1Key + "\",\"model\":\"smol").getBytes(StandardCharsets.UTF_8);
        Files.write(results, torn, StandardOpenOption.APPEND);
        return torn.length;
    }

    /** Every column but the timings equal, row by row. */
    static void assertSameRows(Table expected, Table actual) {
        assertEquals(expected.rowCount(), actual.rowCount());
        assertEquals(expected.columnNames(), actual.columnNames());
        for (String column : expected.columnNames()) {
            if (List.of("seconds", "tokens_per_s").contains(column)) {
                continue; // timings differ between runs
            }
            for (int r = 0; r < expected.rowCount(); r++) {
                assertEquals(expected.get(column, r), actual.get(column, r), column + " row " + r);
            }
        }
    }

    /** The file holds a header and {@code cells} rows, each cell once. */
    static void assertEachCellOnce(Path results, int cells) throws IOException {
        assertEquals(cells + 1, lines(results));
        List<String> rows = Files.readAllLines(results).subList(1, cells + 1);
        assertEquals(cells, new HashSet<>(rows.stream().map(l -> l.substring(0, l.indexOf(",\"model\""))).toList())
                .size(), "no duplicate cells: " + rows);
    }

    static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long n = 0;
        for (byte x : Files.readAllBytes(file)) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}

package org.lmlab.lengths.alpacaeval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.lengths.LengthDataFormatException;

/**
 * Reads an AlpacaEval 2.0 leaderboard CSV (the {@code src/} version with raw counts). The files hold no quoted
 * cells, so a quote is reported as unsupported rather than misread.
 */
public final class Leaderboard {

    private static final List<String> COLUMNS = List.of("", "win_rate", "standard_error", "n_wins", "n_wins_base",
            "n_draws", "n_total", "discrete_win_rate", "mode", "avg_length", "length_controlled_winrate",
            "lc_standard_error");

    private Leaderboard() {
    }

    /** Entries by model, in file order. */
    public static Map<String, LeaderboardEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read leaderboard " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new LengthDataFormatException(file, 1, "empty file; expected the header " + COLUMNS, null);
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int[] at = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            at[c] = c == 0 ? 0 : header.indexOf(COLUMNS.get(c));
            if (at[c] < 0) {
                throw new LengthDataFormatException(file, 1, "missing column '" + COLUMNS.get(c) + "'; header: " + header,
                        null);
            }
        }
        Map<String, LeaderboardEntry> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Row r = new Row(file, i + 1, lines.get(i), header.size(), at);
            out.put(r.text(0), new LeaderboardEntry(r.text(0), r.real(1), r.real(2), r.count(3), r.count(4),
                    r.count(5), r.count(6), r.real(7), r.text(8), r.count(9), r.real(10), r.real(11), file + ":" + (i + 1)));
        }
        return out;
    }

    /** One CSV line, cells addressed by {@link #COLUMNS} position. */
    private static final class Row {
        private final Path file;
        private final int line;
        private final String[] cells;
        private final int[] at;

        Row(Path file, int line, String text, int width, int[] at) {
            this.file = file;
            this.line = line;
            this.at = at;
            if (text.indexOf('"') >= 0) {
                throw new LengthDataFormatException(file, line, "quoted cells are not supported", null);
            }
            cells = text.split(",", -1);
            if (cells.length != width) {
                throw new LengthDataFormatException(file, line, "expected " + width + " cells, got " + cells.length, null);
            }
        }

        String text(int c) {
            return cells[at[c]];
        }

        double real(int c) {
            String s = text(c);
            if (s.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new LengthDataFormatException(file, line, "column '" + COLUMNS.get(c) + "' is not a number: '" + s
                        + "'", e);
            }
        }

        int count(int c) {
            double v = real(c);
            if (Double.isNaN(v)) {
                return -1;
            }
            if (v != Math.rint(v) || v < 0) {
                throw new LengthDataFormatException(file, line, "column '" + COLUMNS.get(c)
                        + "' must be a non-negative integer, got '" + text(c) + "'", null);
            }
            return (int) v;
        }
    }
}

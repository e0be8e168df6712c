package org.lmlab.scaling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading and filtering lists of {@link Run}s. */
public final class Runs {

    private Runs() {
    }

    /**
     * Validates a list of runs, naming the 0-based index of the first bad one.
     *
     * @throws IllegalArgumentException "run i: ..." for a null run
     */
    public static List<Run> checked(List<Run> runs) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i) == null) {
                throw new IllegalArgumentException("run " + i + " is null");
            }
        }
        return List.copyOf(runs);
    }

    /**
     * Reads a CSV file with a header naming at least the columns {@code params}, {@code tokens}
     * and {@code loss} (any order, other columns ignored). Plain comma-separated numbers; no quoting.
     *
     * @throws IllegalArgumentException naming {@code file:line} for a missing column, a short row,
     *                                  a non-number or an invalid value
     */
    public static List<Run> fromCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ":1: empty file, expected a header with params,tokens,loss");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
        int[] cols = new int[3];
        String[] names = {"params", "tokens", "loss"};
        for (int k = 0; k < 3; k++) {
            cols[k] = header.indexOf(names[k]);
            if (cols[k] < 0) {
                throw new IllegalArgumentException(file + ":1: missing column '" + names[k] + "' (header: "
                        + String.join(",", header) + ")");
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + header.size()
                        + " cells, found " + cells.length);
            }
            double[] v = new double[3];
            for (int k = 0; k < 3; k++) {
                String cell = cells[cols[k]].strip();
                try {
                    v[k] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": column '" + names[k]
                            + "' is not a number: '" + cell + "'", e);
                }
            }
            try {
                runs.add(new Run(v[0], v[1], v[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(runs);
    }

    /**
     * Drops the {@code k} highest-loss runs as Besiroglu et al. 2024 do: keeps runs whose loss is
     * strictly below the k-th highest loss (ties with it are dropped too). Order is preserved.
     */
    public static List<Run> dropHighestLoss(List<Run> runs, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (k == 0) {
            return List.copyOf(runs);
        }
        if (k > runs.size()) {
            throw new IllegalArgumentException("cannot drop " + k + " of " + runs.size() + " runs");
        }
        double[] sorted = runs.stream().mapToDouble(Run::loss).sorted().toArray();
        double threshold = sorted[sorted.length - k];
        return runs.stream().filter(r -> r.loss() < threshold).toList();
    }
}

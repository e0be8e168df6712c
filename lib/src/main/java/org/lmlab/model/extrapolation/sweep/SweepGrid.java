package org.lmlab.model.extrapolation.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The cells of a sweep: methods × lengths × depths × seeds, for one task on one model. Depths and
 * seeds may be empty (a perplexity sweep has neither): the grid then has one placeholder, null in
 * the results. Cells are ordered length-major (every method at the shortest length first, so an
 * interrupted sweep has compared all methods as far as it got), then method, depth, seed.
 *
 * <p>The {@link #fingerprint()} is a SHA-256 of the grid's definition ({@link #definition()}): the
 * model, the task's own definition (protocol and text source), and the lists in order. A results
 * file carries it, so a resume against another grid is refused.
 *
 * @param model   the model's name (as loaded)
 * @param task    the task's definition ({@link SweepTask#definition()})
 * @param methods methods in order
 * @param lengths input lengths in tokens, each > 1
 * @param depths  relative depths in [0, 1], or empty
 * @param seeds   seeds, or empty
 */
public record SweepGrid(String model, String task, List<MethodSpec> methods, List<Integer> lengths,
        List<Double> depths, List<Long> seeds) {

    /** One cell: its place in the grid's order and its coordinates (depth and seed null when the grid has none). */
    public record Cell(int index, MethodSpec method, int length, Double depth, Long seed) {

        /** A readable key: {@code yarn:4 @ 2048 depth 0.5 seed 1}. */
        public String key() {
            return method.spec() + " @ " + length + (depth == null ? "" : " depth " + depth)
                    + (seed == null ? "" : " seed " + seed);
        }
    }

    public SweepGrid {
        if (model == null || model.isBlank() || task == null || task.isBlank()) {
            throw new IllegalArgumentException("a sweep grid needs a model and a task");
        }
        methods = List.copyOf(methods);
        lengths = List.copyOf(lengths);
        depths = List.copyOf(depths);
        seeds = List.copyOf(seeds);
        if (methods.isEmpty() || lengths.isEmpty()) {
            throw new IllegalArgumentException("a sweep grid needs at least one method and one length");
        }
        requireDistinct("method", methods.stream().map(MethodSpec::spec).toList());
        requireDistinct("length", lengths);
        requireDistinct("depth", depths);
        requireDistinct("seed", seeds);
        for (int length : lengths) {
            if (length < 2) {
                throw new IllegalArgumentException("lengths must be >= 2 tokens, got " + length);
            }
        }
        for (double depth : depths) {
            if (!(depth >= 0 && depth <= 1)) {
                throw new IllegalArgumentException("depths are relative positions in [0, 1], got " + depth);
            }
        }
    }

    /** A perplexity-style grid: no depths, no seeds. */
    public static SweepGrid of(String model, SweepTask task, List<MethodSpec> methods, List<Integer> lengths) {
        return new SweepGrid(model, task.definition(), methods, lengths, List.of(), List.of());
    }

    private static void requireDistinct(String what, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                throw new IllegalArgumentException("the " + what + " " + v + " is listed twice");
            }
        }
    }

    /** The cells in order. */
    public List<Cell> cells() {
        List<Double> ds = depths.isEmpty() ? nullList() : depths;
        List<Long> ss = seeds.isEmpty() ? nullList() : seeds;
        List<Cell> out = new ArrayList<>();
        for (int length : lengths) {
            for (MethodSpec m : methods) {
                for (Double d : ds) {
                    for (Long s : ss) {
                        out.add(new Cell(out.size(), m, length, d, s));
                    }
                }
            }
        }
        return out;
    }

    /** How many cells. */
    public int size() {
        return methods.size() * lengths.size() * Math.max(1, depths.size()) * Math.max(1, seeds.size());
    }

    private static <T> List<T> nullList() {
        List<T> one = new ArrayList<>();
        one.add(null);
        return one;
    }

    /** The text the fingerprint hashes, one field a line. */
    public String definition() {
        StringBuilder b = new StringBuilder();
        b.append("model: ").append(model).append('\n');
        b.append("task: ").append(task).append('\n');
        for (MethodSpec m : methods) {
            b.append("method: ").append(m.spec()).append(" (").append(m.parameters()).append(")\n");
        }
        b.append("lengths: ").append(lengths).append('\n');
        b.append("depths: ").append(depths).append('\n');
        b.append("seeds: ").append(seeds).append('\n');
        return b.toString();
    }

    /** SHA-256 of {@link #definition()}, hex. */
    public String fingerprint() {
        return sha256(definition());
    }

    /** SHA-256 of {@code text} as UTF-8, hex. */
    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** A short description: "model M, task T, 2 methods x 3 lengths = 6 cells, fingerprint 1a2b3c4d". */
    public String summary() {
        return "model " + model + ", " + methods.size() + " methods x " + lengths.size() + " lengths"
                + (depths.isEmpty() ? "" : " x " + depths.size() + " depths")
                + (seeds.isEmpty() ? "" : " x " + seeds.size() + " seeds") + " = " + size() + " cells, fingerprint "
                + fingerprint().substring(0, 12);
    }
}

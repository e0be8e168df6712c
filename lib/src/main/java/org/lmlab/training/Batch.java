package org.lmlab.training;

import java.util.Arrays;

/**
 * A batch of sequences of equal padded length T, right-padded: row b holds {@code lengths[b]}
 * real tokens, then padding. Padding positions are never attended to and never scored; a
 * target of -1 leaves a real position unscored too (a task's prompt part).
 *
 * @param inputs  {@code [batch][T]} token ids (padding ids are ignored, any valid id will do)
 * @param targets {@code [batch][T]} the next token to predict at each position, or -1
 * @param lengths real tokens per row, 1 .. T
 */
public record Batch(int[][] inputs, int[][] targets, int[] lengths) {

    public Batch {
        if (inputs.length == 0 || inputs.length != targets.length || inputs.length != lengths.length) {
            throw new IllegalArgumentException("a batch needs >= 1 row and as many target rows and lengths as input rows:"
                    + " inputs " + inputs.length + ", targets " + targets.length + ", lengths " + lengths.length);
        }
        int t = inputs[0].length;
        for (int b = 0; b < inputs.length; b++) {
            if (inputs[b].length != t || targets[b].length != t) {
                throw new IllegalArgumentException("row " + b + " has " + inputs[b].length + " inputs and "
                        + targets[b].length + " targets; every row must have " + t + " (pad shorter ones)");
            }
            if (lengths[b] < 1 || lengths[b] > t) {
                throw new IllegalArgumentException("row " + b + ": length " + lengths[b] + " outside 1.." + t);
            }
        }
    }

    /** Rows of {@code inputs} with all positions real, scored against {@code targets}. */
    public static Batch full(int[][] inputs, int[][] targets) {
        int[] lengths = new int[inputs.length];
        Arrays.fill(lengths, inputs.length == 0 ? 0 : inputs[0].length);
        return new Batch(inputs, targets, lengths);
    }

    /** Next-token windows: inputs {@code rows[b][0..T-1]}, targets {@code rows[b][1..T]}. */
    public static Batch nextToken(int[][] rows) {
        int[][] in = new int[rows.length][];
        int[][] out = new int[rows.length][];
        for (int b = 0; b < rows.length; b++) {
            in[b] = Arrays.copyOfRange(rows[b], 0, rows[b].length - 1);
            out[b] = Arrays.copyOfRange(rows[b], 1, rows[b].length);
        }
        return full(in, out);
    }

    public int size() {
        return inputs.length;
    }

    public int time() {
        return inputs[0].length;
    }

    /** Whether position t of row b is scored. */
    public boolean scored(int b, int t) {
        return t < lengths[b] && targets[b][t] >= 0;
    }

    /** Positions scored in all. */
    public int scoredCount() {
        int n = 0;
        for (int b = 0; b < size(); b++) {
            for (int t = 0; t < time(); t++) {
                n += scored(b, t) ? 1 : 0;
            }
        }
        return n;
    }
}

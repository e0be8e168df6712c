package org.lmlab.training.tasks;

import java.util.List;

/**
 * Training sequences ({@code input SEP target EOS}) stacked row by row into flat row-major
 * {@code [size, time]} arrays, right-padded with {@link Vocabulary#PAD} to the longest row (as the
 * paper's collator pads training batches on the right, to the longest).
 *
 * <p>{@code lossMask} is 1 at the tokens the loss scores, each target token and the EOS, and 0 at
 * input, SEP and padding; {@code attentionMask} is 1 at real tokens and 0 at padding. A trainer
 * predicting token t from positions before it uses {@link #nextTokenInputs()},
 * {@link #nextTokenLabels()} and {@link #nextTokenWeights()}: the same arrays shifted by one.
 * The arrays are the batch's own; callers must not change them (and, as in any record holding
 * arrays, {@code equals} compares them by reference).
 *
 * @param size          rows (examples)
 * @param time          columns: the longest sequence
 * @param tokens        token ids, [size, time]
 * @param lossMask      1 where the token is scored, [size, time]
 * @param attentionMask 1 at real tokens, 0 at padding, [size, time]
 * @param lengths       real tokens per row
 */
public record Batch(int size, int time, int[] tokens, float[] lossMask, float[] attentionMask, int[] lengths) {

    public Batch {
        int cells = size * time;
        if (size < 1 || time < 1 || tokens.length != cells || lossMask.length != cells || attentionMask.length != cells
                || lengths.length != size) {
            throw new IllegalArgumentException("a batch needs size, time >= 1 and [size, time] arrays; got size " + size
                    + ", time " + time + ", " + tokens.length + " tokens");
        }
    }

    /** The examples' training sequences, padded on the right to the longest. */
    public static Batch of(List<TaskExample> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int time = 0;
        for (TaskExample e : examples) {
            time = Math.max(time, e.sequenceLength());
        }
        int size = examples.size();
        int[] tokens = new int[size * time]; // zero-filled: PAD is 0
        float[] loss = new float[size * time];
        float[] attention = new float[size * time];
        int[] lengths = new int[size];
        for (int row = 0; row < size; row++) {
            TaskExample e = examples.get(row);
            int[] sequence = e.sequence();
            boolean[] scored = e.lossMask();
            lengths[row] = sequence.length;
            for (int t = 0; t < sequence.length; t++) {
                tokens[row * time + t] = sequence[t];
                loss[row * time + t] = scored[t] ? 1f : 0f;
                attention[row * time + t] = 1f;
            }
        }
        return new Batch(size, time, tokens, loss, attention, lengths);
    }

    public int token(int row, int t) {
        return tokens[row * time + t];
    }

    /** Tokens at positions 0..time-2, [size, time-1]: what the model reads. */
    public int[] nextTokenInputs() {
        return shifted(tokens, 0);
    }

    /** Tokens at positions 1..time-1, [size, time-1]: what the model must predict at each read position. */
    public int[] nextTokenLabels() {
        return shifted(tokens, 1);
    }

    /** {@link #lossMask()} at positions 1..time-1, [size, time-1]: 1 where the prediction is scored. */
    public float[] nextTokenWeights() {
        float[] out = new float[size * (time - 1)];
        for (int row = 0; row < size; row++) {
            System.arraycopy(lossMask, row * time + 1, out, row * (time - 1), time - 1);
        }
        return out;
    }

    private int[] shifted(int[] values, int offset) {
        int[] out = new int[size * (time - 1)];
        for (int row = 0; row < size; row++) {
            System.arraycopy(values, row * time + offset, out, row * (time - 1), time - 1);
        }
        return out;
    }

    /** Number of scored tokens: the loss's denominator for a per-token mean. */
    public int scoredTokens() {
        int n = 0;
        for (float m : lossMask) {
            n += m > 0 ? 1 : 0;
        }
        return n;
    }
}

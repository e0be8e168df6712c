package org.lmlab.training.lm;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.lmlab.training.Batch;
import org.lmlab.training.BatchSource;

/**
 * Next-token batches from one long token stream: each row a window of {@code context} inputs
 * (and the {@code context} tokens after them as targets) starting at a uniformly random offset.
 * The offsets of step s come from a generator seeded by (seed, s), so a step's batch never
 * depends on the steps before it.
 */
public final class TextBatches implements BatchSource {

    private final int[] tokens;
    private final int context;
    private final int rows;
    private final long seed;

    public TextBatches(int[] tokens, int context, int rows, long seed) {
        if (tokens.length < context + 2) {
            throw new IllegalArgumentException("the text has " + tokens.length + " tokens; windows of " + context
                    + " need at least " + (context + 2));
        }
        if (rows < 1) {
            throw new IllegalArgumentException("a batch needs >= 1 row, got " + rows);
        }
        this.tokens = tokens;
        this.context = context;
        this.rows = rows;
        this.seed = seed;
    }

    @Override
    public Batch batch(int step) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        int[][] windows = new int[rows][];
        for (int b = 0; b < rows; b++) {
            int start = random.nextInt(tokens.length - context);
            windows[b] = Arrays.copyOfRange(tokens, start, start + context + 1);
        }
        return Batch.nextToken(windows);
    }

    /** Consecutive windows from the start of the stream (a fixed evaluation set), {@code count} rows. */
    public Batch consecutive(int count) {
        int n = Math.min(count, (tokens.length - 1) / context);
        int[][] windows = new int[n][];
        for (int b = 0; b < n; b++) {
            windows[b] = Arrays.copyOfRange(tokens, b * context, b * context + context + 1);
        }
        return Batch.nextToken(windows);
    }
}

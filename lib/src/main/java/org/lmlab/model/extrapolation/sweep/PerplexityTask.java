package org.lmlab.model.extrapolation.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.Perplexity;
import org.lmlab.model.Scorer;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;

/**
 * Perplexity at each input length on one long natural text, in the protocol length-extrapolation
 * papers use: the text is tokenised as {@link LanguageModel#perplexity} tokenises it, cut to its first
 * {@code tokens} tokens (by default the cell's length), and scored with windows of the cell's length
 * every {@code stride} tokens (by default the length: disjoint windows; with the first {@code length}
 * tokens, one window), each window scoring only tokens no earlier one scored
 * ({@link Scorer#perplexity}). A cell's perplexity equals {@code model.with(method).perplexity(text
 * of those tokens, length, stride)}; unlike {@code LanguageModel.perplexity}, the sweep scores
 * lengths beyond the loaded context (that is what it measures) and inputs a window method covers
 * whole (where the method is full attention).
 *
 * <p>With {@code bucket} > 0 each row also carries the per-position loss curve, as LM-Infinite and
 * StreamingLLM plot it: {@code position_nll}, a JSON array whose element b is the mean NLL (nats) of
 * the tokens at input positions [b·bucket, (b+1)·bucket) (position p is the p-th token, predicted from
 * those before it; position 0 is never scored); {@link #positionCurves} turns it into a long table.
 */
public final class PerplexityTask implements SweepTask {

    private final String source;
    private final String text;
    private final String textHash;
    private final int stride;
    private final int tokens;
    private final int bucket;
    private TextTokenizer tokenized;
    private int[] ids;

    /**
     * @param source a name for the text (a file name): part of the definition with the text's hash
     * @param text   the text
     * @param stride tokens between windows; 0 means the cell's length (disjoint windows)
     * @param tokens tokens of the text scored in each cell; 0 means the cell's length
     * @param bucket position bucket width for the loss curve in tokens; 0 for none
     */
    public PerplexityTask(String source, String text, int stride, int tokens, int bucket) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the perplexity text is empty");
        }
        if (stride < 0 || tokens < 0 || bucket < 0) {
            throw new IllegalArgumentException("stride, tokens and bucket must be >= 0 (0: the default), got stride "
                    + stride + ", tokens " + tokens + ", bucket " + bucket);
        }
        this.source = source;
        this.text = text;
        this.textHash = SweepGrid.sha256(text);
        this.stride = stride;
        this.tokens = tokens;
        this.bucket = bucket;
    }

    /** The first {@code length} tokens of each cell's length, disjoint windows, no curve. */
    public static PerplexityTask firstTokens(String source, String text) {
        return new PerplexityTask(source, text, 0, 0, 0);
    }

    @Override
    public String name() {
        return "ppl";
    }

    @Override
    public String definition() {
        return "ppl: text " + source + " (" + text.length() + " chars, sha256 " + textHash + "), the first "
                + (tokens == 0 ? "length" : Integer.toString(tokens)) + " tokens, window = length, stride "
                + (stride == 0 ? "= length" : Integer.toString(stride))
                + (bucket == 0 ? "" : ", position buckets of " + bucket);
    }

    @Override
    public List<ColumnSchema> columns() {
        List<ColumnSchema> c = new ArrayList<>(List.of(
                ColumnSchema.of("ppl", ColumnType.FLOAT64),
                ColumnSchema.of("mean_nll", ColumnType.FLOAT64),
                ColumnSchema.of("scored", ColumnType.INT64),
                ColumnSchema.of("window", ColumnType.INT64),
                ColumnSchema.of("stride", ColumnType.INT64)));
        if (bucket > 0) {
            c.add(ColumnSchema.of("position_bucket", ColumnType.INT64));
            c.add(ColumnSchema.of("position_nll", ColumnType.UTF8));
        }
        return c;
    }

    @Override
    public int cachePositions(SweepGrid.Cell cell) {
        return cell.length(); // one window at a time, each run in one pass
    }

    /** The tokens each cell of {@code length} scores. */
    public int inputTokens(int length) {
        return tokens == 0 ? length : tokens;
    }

    /** The stride a cell of {@code length} uses. */
    public int stride(int length) {
        return stride == 0 ? length : stride;
    }

    /**
     * Refuses, before anything runs, a grid this text or these options cannot serve.
     *
     * @throws IllegalArgumentException naming the length and the text's token count
     */
    @Override
    public void check(LanguageModel model, SweepGrid grid) {
        int[] all = ids(model.tokenizer());
        for (int length : grid.lengths()) {
            int need = Math.max(length, inputTokens(length));
            if (need > all.length) {
                throw new IllegalArgumentException("the text " + source + " has " + all.length + " tokens for "
                        + model.name() + ", fewer than the " + need + " a cell of length " + length
                        + " scores; use a longer text or shorter lengths");
            }
            if (stride(length) > length) {
                throw new IllegalArgumentException("stride " + stride + " is wider than the window of length " + length
                        + ": windows would skip tokens");
            }
        }
    }

    @Override
    public Result run(LanguageModel model, SweepGrid.Cell cell, Progress progress) {
        int length = cell.length();
        int[] all = ids(model.tokenizer());
        int n = Math.max(length, inputTokens(length));
        if (n > all.length) {
            throw new IllegalArgumentException("the text " + source + " has " + all.length + " tokens, fewer than " + n);
        }
        int[] input = Arrays.copyOf(all, n);
        double[] sum = bucket > 0 ? new double[(n + bucket - 1) / bucket] : null;
        long[] count = bucket > 0 ? new long[sum.length] : null;
        Scorer.TokenLoss curve = bucket == 0 ? null : (position, nll) -> {
            sum[position / bucket] += nll;
            count[position / bucket]++;
        };
        Perplexity p = Scorer.perplexity(model.decoder(), input, length, stride(length), progress, curve);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ppl", p.value());
        values.put("mean_nll", p.meanNll());
        values.put("scored", p.tokens());
        values.put("window", (long) p.window());
        values.put("stride", (long) p.stride());
        if (bucket > 0) {
            StringBuilder json = new StringBuilder("[");
            for (int b = 0; b < sum.length; b++) {
                json.append(b == 0 ? "" : ",");
                json.append(count[b] == 0 ? "null" : Double.toString(sum[b] / count[b]));
            }
            values.put("position_bucket", (long) bucket);
            values.put("position_nll", json.append(']').toString());
        }
        return new Result(values, n);
    }

    /** The whole text's ids under {@code tokenizer}, as {@link LanguageModel#perplexity} encodes it. */
    private synchronized int[] ids(TextTokenizer tokenizer) {
        if (tokenizer != tokenized) {
            ids = tokenizer.encode(text, true, false);
            tokenized = tokenizer;
        }
        return ids;
    }

    /**
     * The per-position loss curves of a results table with {@code position_nll}: one row per cell and
     * bucket with model, method, length, position (the bucket's first position) and mean_nll.
     */
    public static org.lmlab.table.Table positionCurves(org.lmlab.table.Table results,
            org.apache.arrow.memory.BufferAllocator allocator) {
        if (!results.columnNames().contains("position_nll")) {
            throw new IllegalArgumentException("table '" + results.source() + "' has no position_nll column: run the "
                    + "ppl task with position buckets");
        }
        List<Object> model = new ArrayList<>();
        List<Object> method = new ArrayList<>();
        List<Object> length = new ArrayList<>();
        List<Object> position = new ArrayList<>();
        List<Object> nll = new ArrayList<>();
        for (int r = 0; r < results.rowCount(); r++) {
            long width = results.getLong("position_bucket", r);
            com.google.gson.JsonArray curve = com.google.gson.JsonParser.parseString(results.getString("position_nll", r))
                    .getAsJsonArray();
            for (int b = 0; b < curve.size(); b++) {
                if (curve.get(b).isJsonNull()) {
                    continue;
                }
                model.add(results.getString("model", r));
                method.add(results.getString("method", r));
                length.add(results.getLong("length", r));
                position.add(b * width);
                nll.add(curve.get(b).getAsDouble());
            }
        }
        return org.lmlab.table.Table.builder(allocator, results.source() + " positions")
                .column(ColumnSchema.of("model", ColumnType.UTF8), model)
                .column(ColumnSchema.of("method", ColumnType.UTF8), method)
                .column(ColumnSchema.of("length", ColumnType.INT64), length)
                .column(ColumnSchema.of("position", ColumnType.INT64), position)
                .column(ColumnSchema.of("mean_nll", ColumnType.FLOAT64), nll)
                .build();
    }
}

package org.lmlab.model.extrapolation.sweep;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.Perplexity;
import org.lmlab.model.Scorer;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * Perplexity at each input length, in the two protocols length-extrapolation papers use.
 *
 * <p>{@link Protocol#SLIDING} (the constructor): one long natural text, tokenised as
 * {@link LanguageModel#perplexity} tokenises it, cut to its first {@code tokens} tokens (by default the
 * cell's length), and scored with windows of the cell's length every {@code stride} tokens (by
 * default the length: disjoint windows; with the first {@code length} tokens, one window), each
 * window scoring only tokens no earlier one scored ({@link Scorer#perplexity}). A cell's perplexity
 * equals {@code model.with(method).perplexity(text of those tokens, length, stride)}.
 *
 * <p>{@link Protocol#DOCUMENTS} ({@link #documents}): many documents, each tokenised on its own; at
 * length N every document with at least N tokens contributes its first N tokens, scored as one
 * window, and shorter ones are skipped. The cell's perplexity is exp(total NLL / total scored
 * tokens) over the documents used, so it equals the per-document {@code model.with(method)
 * .perplexity(text of the first N tokens, N, N)} pooled by their NLL sums and token counts; the
 * {@code documents} and {@code skipped} columns say how many were used and left out.
 *
 * <p>Unlike {@code LanguageModel.perplexity}, the sweep scores lengths beyond the loaded context
 * (that is what it measures) and inputs a window method covers whole (where the method is full
 * attention).
 *
 * <p>With {@code bucket} > 0 each row also carries the per-position loss curve, as LM-Infinite and
 * StreamingLLM plot it: {@code position_nll}, a JSON array whose element b is the mean NLL (nats) of
 * the tokens at input positions [b·bucket, (b+1)·bucket) (position p is the p-th token, predicted from
 * those before it; position 0 is never scored; with documents, the mean over every document used);
 * {@link #positionCurves} turns it into a long table.
 */
public final class PerplexityTask implements SweepTask {

    /** How a cell's input is taken from the text. */
    public enum Protocol {
        /** The first tokens of one text, in windows of the cell's length every stride tokens. */
        SLIDING,
        /** The first length tokens of each document long enough, one window each. */
        DOCUMENTS
    }

    private final Protocol protocol;
    private final String source;
    private final List<String> texts;
    private final long chars;
    private final String hash;
    private final int stride;
    private final int tokens;
    private final int bucket;
    private TextTokenizer tokenized;
    private List<int[]> ids;

    /**
     * The sliding-window protocol on one text.
     *
     * @param source a name for the text (a file name): part of the definition with the text's hash
     * @param text   the text
     * @param stride tokens between windows; 0 means the cell's length (disjoint windows)
     * @param tokens tokens of the text scored in each cell; 0 means the cell's length
     * @param bucket position bucket width for the loss curve in tokens; 0 for none
     */
    public PerplexityTask(String source, String text, int stride, int tokens, int bucket) {
        this(Protocol.SLIDING, source, text == null ? List.of() : List.of(text), stride, tokens, bucket,
                text == null || text.isEmpty() ? "" : SweepGrid.sha256(text));
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the perplexity text is empty");
        }
    }

    private PerplexityTask(Protocol protocol, String source, List<String> texts, int stride, int tokens, int bucket,
            String hash) {
        if (stride < 0 || tokens < 0 || bucket < 0) {
            throw new IllegalArgumentException("stride, tokens and bucket must be >= 0 (0: the default), got stride "
                    + stride + ", tokens " + tokens + ", bucket " + bucket);
        }
        this.protocol = protocol;
        this.source = source;
        this.texts = List.copyOf(texts);
        this.chars = texts.stream().mapToLong(String::length).sum();
        this.hash = hash;
        this.stride = stride;
        this.tokens = tokens;
        this.bucket = bucket;
    }

    /** The first {@code length} tokens of each cell's length, disjoint windows, no curve. */
    public static PerplexityTask firstTokens(String source, String text) {
        return new PerplexityTask(source, text, 0, 0, 0);
    }

    /**
     * The first-N-tokens-of-each-document protocol.
     *
     * @param bucket position bucket width for the loss curve in tokens; 0 for none
     */
    public static PerplexityTask documents(Documents documents, int bucket) {
        return new PerplexityTask(Protocol.DOCUMENTS, documents.source(),
                documents.documents().stream().map(Documents.Document::text).toList(), 0, 0, bucket,
                documents.sha256());
    }

    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String name() {
        return "ppl";
    }

    @Override
    public String definition() {
        String curve = bucket == 0 ? "" : ", position buckets of " + bucket;
        if (protocol == Protocol.DOCUMENTS) {
            return "ppl: documents " + source + " (" + texts.size() + " documents, " + chars + " chars, sha256 " + hash
                    + "), the first length tokens of each document with at least length tokens, window = length, "
                    + "one window each" + curve;
        }
        return "ppl: text " + source + " (" + chars + " chars, sha256 " + hash + "), the first "
                + (tokens == 0 ? "length" : Integer.toString(tokens)) + " tokens, window = length, stride "
                + (stride == 0 ? "= length" : Integer.toString(stride)) + curve;
    }

    @Override
    public List<ColumnSchema> columns() {
        List<ColumnSchema> c = new ArrayList<>(List.of(
                ColumnSchema.of("ppl", ColumnType.FLOAT64),
                ColumnSchema.of("mean_nll", ColumnType.FLOAT64),
                ColumnSchema.of("scored", ColumnType.INT64),
                ColumnSchema.of("window", ColumnType.INT64),
                ColumnSchema.of("stride", ColumnType.INT64)));
        if (protocol == Protocol.DOCUMENTS) {
            c.add(ColumnSchema.of("documents", ColumnType.INT64));
            c.add(ColumnSchema.of("skipped", ColumnType.INT64));
        }
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

    /** The tokens each cell of {@code length} scores (of the text; of each document used). */
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
        List<int[]> all = ids(model.tokenizer());
        int longest = all.stream().mapToInt(d -> d.length).max().orElse(0);
        for (int length : grid.lengths()) {
            if (protocol == Protocol.DOCUMENTS) {
                if (longest < length) {
                    throw new IllegalArgumentException("no document of " + source + " has " + length + " tokens for "
                            + model.name() + " (the longest of the " + all.size() + " has " + longest
                            + "); use shorter lengths or longer documents");
                }
                continue;
            }
            int need = Math.max(length, inputTokens(length));
            if (need > longest) {
                throw new IllegalArgumentException("the text " + source + " has " + longest + " tokens for "
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
        List<int[]> all = ids(model.tokenizer());
        Map<String, Object> values = new LinkedHashMap<>();
        Perplexity p;
        long processed;
        PositionCurve curve;
        if (protocol == Protocol.SLIDING) {
            int n = Math.max(length, inputTokens(length));
            if (n > all.get(0).length) {
                throw new IllegalArgumentException("the text " + source + " has " + all.get(0).length
                        + " tokens, fewer than " + n);
            }
            curve = bucket == 0 ? null : new PositionCurve(bucket, n);
            p = Scorer.perplexity(model.decoder(), Arrays.copyOf(all.get(0), n), length, stride(length), progress, curve);
            processed = n;
        } else {
            curve = bucket == 0 ? null : new PositionCurve(bucket, length);
            List<int[]> used = all.stream().filter(d -> d.length >= length).toList();
            if (used.isEmpty()) {
                throw new IllegalArgumentException("no document of " + source + " has " + length + " tokens");
            }
            double nll = 0;
            long scored = 0;
            progress.start((long) used.size() * length, "perplexity of the first " + length + " tokens of "
                    + used.size() + " documents");
            try {
                for (int[] document : used) {
                    Perplexity one = Scorer.perplexity(model.decoder(), Arrays.copyOf(document, length), length,
                            length, Progress.NONE, curve);
                    nll += one.nll();
                    scored += one.tokens();
                    progress.step(length);
                }
            } finally {
                progress.done();
            }
            p = new Perplexity(nll, scored, length, length);
            processed = (long) used.size() * length;
            values.put("documents", (long) used.size());
            values.put("skipped", (long) (all.size() - used.size()));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ppl", p.value());
        row.put("mean_nll", p.meanNll());
        row.put("scored", p.tokens());
        row.put("window", (long) p.window());
        row.put("stride", (long) p.stride());
        row.putAll(values);
        if (curve != null) {
            row.put("position_bucket", (long) bucket);
            row.put("position_nll", curve.json());
        }
        return new Result(row, processed);
    }

    /** Mean loss per bucket of positions, gathered from {@link Scorer#perplexity}'s per-token losses. */
    private static final class PositionCurve implements Scorer.TokenLoss {
        private final int bucket;
        private final double[] sum;
        private final long[] count;

        PositionCurve(int bucket, int positions) {
            this.bucket = bucket;
            this.sum = new double[(positions + bucket - 1) / bucket];
            this.count = new long[sum.length];
        }

        @Override
        public void accept(int position, double nll) {
            sum[position / bucket] += nll;
            count[position / bucket]++;
        }

        /** A JSON array of the bucket means, null where no token was scored. */
        String json() {
            StringBuilder json = new StringBuilder("[");
            for (int b = 0; b < sum.length; b++) {
                json.append(b == 0 ? "" : ",");
                json.append(count[b] == 0 ? "null" : Double.toString(sum[b] / count[b]));
            }
            return json.append(']').toString();
        }
    }

    /** Each text's ids under {@code tokenizer}, as {@link LanguageModel#perplexity} encodes it. */
    private synchronized List<int[]> ids(TextTokenizer tokenizer) {
        if (tokenizer != tokenized) {
            List<int[]> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                out.add(tokenizer.encode(text, true, false));
            }
            ids = out;
            tokenized = tokenizer;
        }
        return ids;
    }

    /**
     * The per-position loss curves of a results table with {@code position_nll}: one row per cell and
     * bucket with model, method, length, position (the bucket's first position) and mean_nll.
     */
    public static Table positionCurves(Table results,
            BufferAllocator allocator) {
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
            JsonArray curve = JsonParser.parseString(results.getString("position_nll", r))
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
        return Table.builder(allocator, results.source() + " positions")
                .column(ColumnSchema.of("model", ColumnType.UTF8), model)
                .column(ColumnSchema.of("method", ColumnType.UTF8), method)
                .column(ColumnSchema.of("length", ColumnType.INT64), length)
                .column(ColumnSchema.of("position", ColumnType.INT64), position)
                .column(ColumnSchema.of("mean_nll", ColumnType.FLOAT64), nll)
                .build();
    }
}

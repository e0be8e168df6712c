package org.lmlab.lengths.sampling;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.lengths.castillo.Degeneracy;
import org.lmlab.model.ContextLengthException;
import org.lmlab.model.Generator;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * Samples k responses per prompt from a loaded model into a length table, CASTILLO-style: one row
 * per (prompt, sample) with the response, its length in CASTILLO's unit and why it ended. Samples
 * run {@code batch} at a time ({@link LanguageModel#generate(List, int, java.util.function.BiConsumer)}),
 * each with its own seed ({@link SampleSeeds}), so a sample's response does not depend on the batch
 * size or on which samples share its passes. Each finished sample is appended durably to a
 * {@link ResultsFile} whose fingerprint covers the model, the prompts and the settings (not the
 * batch size): a stopped or killed run continues with {@code resume(true)} and ends with the table
 * an uninterrupted run gives (except the measured {@code tokens_per_s}); a resume with other
 * settings is refused.
 *
 * <pre>{@code
 * LengthSampler.Outcome out = LengthSampler.on(model, prompts, settings).results(path).batch(8).run(allocator);
 * }</pre>
 */
public final class LengthSampler {

    /** The columns stored per sample, in order. */
    public static final List<ColumnSchema> COLUMNS = List.of(
            ColumnSchema.of("model", ColumnType.UTF8), ColumnSchema.of("prompt_id", ColumnType.UTF8),
            ColumnSchema.of("sample", ColumnType.INT64), ColumnSchema.of("seed", ColumnType.INT64),
            ColumnSchema.of("text", ColumnType.UTF8), ColumnSchema.of("prompt_tokens", ColumnType.INT64),
            ColumnSchema.of("output_tokens", ColumnType.INT64), ColumnSchema.of("finish_reason", ColumnType.UTF8),
            ColumnSchema.of("tokens_per_s", ColumnType.FLOAT64));

    /** The flag added when the rows become a table: CASTILLO's degeneracy rule on the row's prompt. */
    private static final ColumnSchema DEGENERATE = ColumnSchema.of("degenerate", ColumnType.BOOL);
    private static final List<ColumnSchema> TABLE_COLUMNS =
            Stream.concat(COLUMNS.stream(), Stream.of(DEGENERATE)).toList();

    /** What the finish_reason column holds: the sample ended on a stop token (EOS, end of turn). */
    public static final String STOP = "stop";
    /** ... or on the token budget (or the model's context). */
    public static final String LENGTH = "length";

    private final LanguageModel model;
    private final List<SamplePrompt> prompts;
    private final SampleSettings settings;
    private Path results;
    private boolean resume;
    private int batch = 1;
    private int threads;
    private Progress progress = Progress.NONE;

    private LengthSampler(LanguageModel model, List<SamplePrompt> prompts, SampleSettings settings) {
        this.model = model;
        this.prompts = List.copyOf(prompts);
        this.settings = settings;
    }

    /**
     * A sampling run of {@code settings} over {@code prompts} on {@code model}; set the results
     * file before {@link #run}.
     *
     * @throws IllegalArgumentException when there are no prompts or two share an id
     */
    public static LengthSampler on(LanguageModel model, List<SamplePrompt> prompts, SampleSettings settings) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts to sample");
        }
        if (prompts.stream().map(SamplePrompt::id).distinct().count() != prompts.size()) {
            throw new IllegalArgumentException("prompt ids must be unique");
        }
        return new LengthSampler(model, prompts, settings);
    }

    /** The results file (required). */
    public LengthSampler results(Path path) {
        this.results = path;
        return this;
    }

    /** Continue the results file (it must exist and hold this run's setup) instead of creating it. */
    public LengthSampler resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Sequences decoded together (>= 1); it changes the speed, not the samples. */
    public LengthSampler batch(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + size);
        }
        this.batch = size;
        return this;
    }

    /**
     * PyTorch intra-op threads while sampling (0: the engine's setting); like the batch size, it
     * changes the speed, not the samples. One thread decodes several times faster when the
     * machine's cores are busy with other work (docs/models.md, "Speed").
     */
    public LengthSampler threads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0: the engine's setting), got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Samples done of prompts × k; those a resumed file holds count at once. */
    public LengthSampler progress(Progress progress) {
        this.progress = progress == null ? Progress.NONE : progress;
        return this;
    }

    /**
     * The setup as text, one fact per line: what the fingerprint covers and what a refused resume
     * shows.
     */
    public String definition() {
        StringBuilder prompts = new StringBuilder();
        for (SamplePrompt p : this.prompts) {
            prompts.append(p.id()).append('\0').append(p.text()).append('\0');
        }
        return String.format(Locale.ROOT, "%%lengths sample%nmodel: %s (%s, %s, context %d)%ntemplate: %s%n"
                        + "prompts: %d (sha256 %s)%nk: %d%nmax_tokens: %d%ntemperature: %s, top_k: %d, top_p: %s%n"
                        + "seed: %d (per sample: SampleSeeds v1)%noutput_tokens: CASTILLO's count%n",
                model.name(), model.method().label(), model.precision(), model.contextLength(),
                settings.chat() ? "chat" : "raw", this.prompts.size(), sha256(prompts.toString()).substring(0, 16),
                settings.k(), settings.maxTokens(), Double.toString(settings.temperature()), settings.topK(),
                Double.toString(settings.topP()), settings.seed());
    }

    /** The results file's plan: this setup's fingerprint and the cells' keys, prompt by prompt. */
    ResultsFile.Plan plan() {
        List<String> keys = new ArrayList<>();
        for (SamplePrompt p : prompts) {
            for (int j = 0; j < settings.k(); j++) {
                keys.add(p.id() + " #" + j);
            }
        }
        String definition = definition();
        return new ResultsFile.Plan("sampling run", "setup", sha256(definition), definition, keys);
    }

    /**
     * The finished run.
     *
     * @param table    every sample, prompt by prompt, read back from the file, with {@code degenerate}
     * @param ran      samples drawn by this call
     * @param kept     samples the results file already held
     * @param repaired what resuming cut off the file, if anything
     */
    public record Outcome(Table table, int ran, int kept, Optional<String> repaired) implements AutoCloseable {
        @Override
        public void close() {
            table.close();
        }
    }

    /**
     * Draws every sample the results file lacks and returns the whole table.
     *
     * @throws IllegalArgumentException when a prompt does not fit the model's context, or the file
     *     exists (without resume), is missing or holds another setup (with resume); nothing is written then
     * @throws Cancellation.CancelledException when stopped; finished samples are kept
     */
    public Outcome run(BufferAllocator allocator) {
        if (results == null) {
            throw new IllegalArgumentException("a sampling run needs a results file");
        }
        requireContext();
        ResultsFile.Plan plan = plan();
        int total = plan.keys().size();
        try (ResultsFile file = resume ? ResultsFile.resume(results, plan, COLUMNS)
                : ResultsFile.create(results, plan, COLUMNS)) {
            int kept = file.rows().size();
            List<LanguageModel.Prompt> todo = new ArrayList<>();
            List<Integer> cells = new ArrayList<>();
            for (int cell = 0; cell < total; cell++) {
                if (!file.has(cell)) {
                    SamplePrompt p = prompts.get(cell / settings.k());
                    todo.add(new LanguageModel.Prompt(p.text(), settings.chat(), settings.maxTokens(),
                            settings.sampling(p.id(), cell % settings.k())));
                    cells.add(cell);
                }
            }
            progress.start(total, "sample " + model.name() + ": " + prompts.size() + " prompts × " + settings.k());
            try {
                progress.step(kept);
                DjlRuntime.withIntraOpThreads(threads, () -> {
                    model.generate(todo, batch, (i, g) -> {
                        file.append(row(cells.get(i), g));
                        progress.step(1);
                    });
                    return null;
                });
            } finally {
                progress.done();
            }
            return new Outcome(table(allocator, "samples " + results.getFileName(), file.rows()), todo.size(), kept,
                    file.repaired());
        }
    }

    /** Every prompt and one new token must fit the context: checked before anything is written. */
    private void requireContext() {
        int context = model.contextLength();
        for (SamplePrompt p : prompts) {
            int tokens = model.encode(p.text(), settings.chat()).length;
            if (tokens + 1 > context) {
                throw new ContextLengthException("prompt '" + p.id() + "' (" + tokens + " tokens"
                        + (settings.chat() ? " in the chat template" : "") + ") and one new token", tokens + 1, context,
                        model.config().contextLength());
            }
        }
    }

    private ResultsFile.Row row(int cell, LanguageModel.Generation g) {
        SamplePrompt p = prompts.get(cell / settings.k());
        int sample = cell % settings.k();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("model", model.name());
        v.put("prompt_id", p.id());
        v.put("sample", (long) sample);
        v.put("seed", settings.sampling(p.id(), sample).seed());
        v.put("text", g.text());
        v.put("prompt_tokens", (long) g.promptTokens());
        v.put("output_tokens", (long) outputTokens(g));
        v.put("finish_reason", g.reason() == Generator.StopReason.STOP_TOKEN ? STOP : LENGTH);
        v.put("tokens_per_s", g.seconds() > 0 ? g.tokensPerSecond() : null);
        return new ResultsFile.Row(cell, p.id() + " #" + sample, v);
    }

    /**
     * A response's length in CASTILLO's unit: the generated tokens other than the stop token, plus
     * one. Upstream ({@code get_len_out_tokens_batch}) counts the generated tokens that are not the
     * pad token (their EOS) and adds 1: a response that ends on EOS counts its tokens with the EOS,
     * one cut at the cap of M new tokens counts M + 1 (CASTILLO's maximum is 15,001).
     */
    public static int outputTokens(LanguageModel.Generation g) {
        int generated = g.tokens().length;
        return (g.reason() == Generator.StopReason.STOP_TOKEN ? generated - 1 : generated) + 1;
    }

    /**
     * The rows of a sampling results file as a table: the stored columns, prompt by prompt, and
     * {@code degenerate}, the CASTILLO flag of the row's prompt over its samples' output_tokens with
     * the thresholds scaled to the run's max_tokens ({@link Degeneracy#isDegenerate(int[], int)}).
     */
    public static Table table(BufferAllocator allocator, Path resultsFile) {
        ResultsFile.Contents c = ResultsFile.read(resultsFile);
        return table(allocator, "samples " + resultsFile.getFileName(), c.rows(), maxTokens(c.definition()));
    }

    private Table table(BufferAllocator allocator, String source, List<ResultsFile.Row> rows) {
        return table(allocator, source, rows, settings.maxTokens());
    }

    private static int maxTokens(String definition) {
        for (String line : definition.split("\n")) {
            if (line.startsWith("max_tokens: ")) {
                return Integer.parseInt(line.substring("max_tokens: ".length()).strip());
            }
        }
        throw new IllegalArgumentException("not a sampling results file: its definition names no max_tokens");
    }

    private static Table table(BufferAllocator allocator, String source, List<ResultsFile.Row> rows, int maxTokens) {
        List<ResultsFile.Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(ResultsFile.Row::cell));
        Map<Object, List<Integer>> lengths = new LinkedHashMap<>();
        for (ResultsFile.Row r : sorted) {
            lengths.computeIfAbsent(r.values().get("prompt_id"), k -> new ArrayList<>())
                    .add(((Long) r.values().get("output_tokens")).intValue());
        }
        Map<Object, Boolean> degenerate = new LinkedHashMap<>();
        lengths.forEach((id, l) -> degenerate.put(id, Degeneracy.isDegenerate(
                l.stream().mapToInt(Integer::intValue).toArray(), maxTokens)));
        List<ResultsFile.Row> flagged = sorted.stream().map(r -> {
            Map<String, Object> values = new LinkedHashMap<>(r.values());
            values.put(DEGENERATE.name(), degenerate.get(r.values().get("prompt_id")));
            return new ResultsFile.Row(r.cell(), r.key(), values);
        }).toList();
        return ResultsFile.table(allocator, source, TABLE_COLUMNS, flagged);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package org.lmlab.model.extrapolation.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.extrapolation.passkey.Filler;
import org.lmlab.model.extrapolation.passkey.NeedleAnswer;
import org.lmlab.model.extrapolation.passkey.NeedlePrompt;
import org.lmlab.model.extrapolation.passkey.NeedleScorer;
import org.lmlab.model.extrapolation.passkey.NeedleTask;
import org.lmlab.model.extrapolation.passkey.PasskeyAnswer;
import org.lmlab.model.extrapolation.passkey.PasskeyPrompt;
import org.lmlab.model.extrapolation.passkey.PasskeyScorer;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;

/**
 * The retrieval tasks of a sweep, passkey and RULER needle: one cell is one trial, a prompt of
 * exactly the cell's length with its needle at the cell's depth, the key (or needles and filler
 * draws) decided by the cell's seed, answered by greedy generation on the cell's method and scored
 * by exact match. Prompts and scoring are {@link PasskeyPrompt}/{@link PasskeyScorer} and
 * {@link NeedlePrompt}/{@link NeedleScorer}; unlike {@code PasskeyScorer.of(model)}, a sweep runs
 * prompts beyond the loaded context (that is what it measures).
 *
 * <p>Metric columns: {@code expected} (the key; a needle task's values joined by ", "),
 * {@code answer} (the greedy continuation with surrounding white space removed; the scorers' verdict
 * on it is the same as on the raw text), {@code correct}, {@code prompt_tokens} (always the cell's
 * length); a needle task puts {@code needle} (its label: single, multikey, multivalue) first.
 * {@link AccuracyTable#of} turns the rows into accuracy per method, length and depth.
 *
 * <pre>{@code
 * SweepTask task = RetrievalTask.passkey();
 * SweepGrid grid = new SweepGrid(model.name(), task.definition(), methods, List.of(4096, 8192),
 *         List.of(0.1, 0.5, 0.9), List.of(1L, 2L, 3L));
 * }</pre>
 */
public final class RetrievalTask implements SweepTask {

    /** What one trial returned. */
    private record Trial(String expected, String text, boolean correct, int promptTokens, int generated) {
    }

    /** A kind of retrieval: its prompt and scorer. */
    private interface Kind {
        String name();

        String definition(int answerTokens);

        /** Columns before the common four, with their values. */
        Map<ColumnSchema, Object> leading();

        /** A prompt of {@code length} tokens (refused with a message when too short). */
        int promptLength(TextTokenizer tokenizer, int length, double depth, long seed);

        Trial run(LanguageModel view, int length, double depth, long seed, int answerTokens, Progress progress);
    }

    private record Passkey() implements Kind {
        @Override
        public String name() {
            return "passkey";
        }

        @Override
        public String definition(int answerTokens) {
            return "passkey: landmark-attention template (" + template(PasskeyPrompt.INSTRUCTION, PasskeyPrompt.NEEDLE,
                    PasskeyPrompt.QUESTION, Filler.LANDMARK) + "), key = 10000 + java.util.Random(seed).nextInt(90000), "
                    + generation(answerTokens) + "; correct = the answer's first number equals the key";
        }

        @Override
        public Map<ColumnSchema, Object> leading() {
            return Map.of();
        }

        @Override
        public int promptLength(TextTokenizer tokenizer, int length, double depth, long seed) {
            return PasskeyPrompt.build(tokenizer, length, depth, seed).length();
        }

        @Override
        public Trial run(LanguageModel view, int length, double depth, long seed, int answerTokens, Progress progress) {
            PasskeyPrompt prompt = PasskeyPrompt.build(view.tokenizer(), length, depth, seed);
            PasskeyAnswer a = PasskeyScorer.of(view.decoder(), view.tokenizer(), answerTokens).answer(prompt, progress);
            return new Trial(prompt.key(), a.text(), a.correct(), prompt.length(), a.generated());
        }
    }

    private record Needle(NeedleTask task) implements Kind {
        @Override
        public String name() {
            return "needle";
        }

        @Override
        public String definition(int answerTokens) {
            boolean plural = task.values() > 1;
            return "needle: RULER niah " + task.label() + " (keys " + task.keys() + ", values per key " + task.values()
                    + ", haystack " + task.haystack().name().toLowerCase(Locale.ROOT) + ", "
                    + template(plural ? NeedlePrompt.INSTRUCTION_PLURAL : NeedlePrompt.INSTRUCTION, NeedlePrompt.NEEDLE,
                            plural ? NeedlePrompt.QUESTION_PLURAL : NeedlePrompt.QUESTION, task.haystack())
                    + "), keys, 7-digit values and the other needles' depths drawn from java.util.Random(seed), "
                    + generation(answerTokens) + "; correct = every value of the asked key in the answer "
                    + "(string_match_all = 1)";
        }

        @Override
        public Map<ColumnSchema, Object> leading() {
            return Map.of(ColumnSchema.of("needle", ColumnType.UTF8), task.label());
        }

        @Override
        public int promptLength(TextTokenizer tokenizer, int length, double depth, long seed) {
            return NeedlePrompt.build(tokenizer, task, length, depth, seed).length();
        }

        @Override
        public Trial run(LanguageModel view, int length, double depth, long seed, int answerTokens, Progress progress) {
            NeedlePrompt prompt = NeedlePrompt.build(view.tokenizer(), task, length, depth, seed);
            NeedleAnswer a = NeedleScorer.of(view.decoder(), view.tokenizer(), answerTokens).answer(prompt, progress);
            return new Trial(String.join(", ", prompt.answers()), a.text(), a.correct(), prompt.length(), a.generated());
        }
    }

    private static final List<ColumnSchema> COMMON = List.of(ColumnSchema.of("expected", ColumnType.UTF8),
            ColumnSchema.of("answer", ColumnType.UTF8), ColumnSchema.of("correct", ColumnType.BOOL),
            ColumnSchema.of("prompt_tokens", ColumnType.INT64));

    private final Kind kind;
    private final int answerTokens;

    private RetrievalTask(Kind kind, int answerTokens) {
        if (answerTokens < 1) {
            throw new IllegalArgumentException("answers need at least 1 new token, got " + answerTokens);
        }
        this.kind = kind;
        this.answerTokens = answerTokens;
    }

    /** Passkey retrieval with YaRN's {@value PasskeyScorer#ANSWER_TOKENS}-token answers. */
    public static RetrievalTask passkey() {
        return passkey(PasskeyScorer.ANSWER_TOKENS);
    }

    /** Passkey retrieval with answers of at most {@code answerTokens} new tokens. */
    public static RetrievalTask passkey(int answerTokens) {
        return new RetrievalTask(new Passkey(), answerTokens);
    }

    /** A RULER needle task ({@link NeedleTask#single()}, …) with {@link NeedleScorer}'s answer length. */
    public static RetrievalTask needle(NeedleTask task) {
        return needle(task, NeedleScorer.defaultAnswerTokens(task));
    }

    /** A RULER needle task with answers of at most {@code answerTokens} new tokens. */
    public static RetrievalTask needle(NeedleTask task, int answerTokens) {
        if (task == null) {
            throw new IllegalArgumentException("a needle task is required (NeedleTask.single(), multiKey(), multiValue())");
        }
        return new RetrievalTask(new Needle(task), answerTokens);
    }

    /** {@code template sha256 <first 16 hex digits>} of a prompt's fixed texts and filler. */
    private static String template(String instruction, String needle, String question, Filler filler) {
        String all = String.join("\n", instruction, needle, question, Filler.SENTENCE, filler.joiner());
        return "template sha256 " + SweepGrid.sha256(all).substring(0, 16) + ", token-exact assembly";
    }

    private static String generation(int answerTokens) {
        return "greedy decoding of at most " + answerTokens + " new tokens, stopping at end-of-text or <|im_end|>, "
                + "no chat template";
    }

    @Override
    public String name() {
        return kind.name();
    }

    /** The most new tokens an answer may take. */
    public int answerTokens() {
        return answerTokens;
    }

    @Override
    public String definition() {
        return kind.definition(answerTokens);
    }

    @Override
    public List<ColumnSchema> columns() {
        List<ColumnSchema> c = new ArrayList<>(kind.leading().keySet());
        c.addAll(COMMON);
        return c;
    }

    /** The prompt and its answer. */
    @Override
    public int cachePositions(SweepGrid.Cell cell) {
        return cell.length() + answerTokens;
    }

    /**
     * Refuses a grid without depths or seeds (a trial needs both) and lengths too short for the
     * prompt's fixed parts, with the shortest length the prompt needs.
     */
    @Override
    public void check(LanguageModel model, SweepGrid grid) {
        if (grid.depths().isEmpty() || grid.seeds().isEmpty()) {
            throw new IllegalArgumentException("the " + name() + " task runs one trial per depth and seed: give depths "
                    + "(e.g. 0.1, 0.5, 0.9) and seeds (e.g. 1, 2, 3)");
        }
        int shortest = grid.lengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        for (long seed : grid.seeds()) { // the fixed parts depend on the drawn key or needles, not on the depth
            kind.promptLength(model.tokenizer(), shortest, grid.depths().get(0), seed);
        }
    }

    @Override
    public Result run(LanguageModel model, SweepGrid.Cell cell, Progress progress) {
        if (cell.depth() == null || cell.seed() == null) {
            throw new IllegalArgumentException("cell " + cell.key() + " has no depth or seed; the " + name()
                    + " task needs both");
        }
        Cancellation.check();
        Trial t = kind.run(model, cell.length(), cell.depth(), cell.seed(), answerTokens, progress);
        Map<String, Object> values = new LinkedHashMap<>();
        kind.leading().forEach((column, value) -> values.put(column.name(), value));
        values.put("expected", t.expected());
        values.put("answer", t.text().strip());
        values.put("correct", t.correct());
        values.put("prompt_tokens", (long) t.promptTokens());
        return new Result(values, (long) t.promptTokens() + t.generated());
    }
}

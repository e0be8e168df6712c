package org.lmlab.model.extrapolation.passkey;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.progress.Progress;

/**
 * Answers needle prompts by greedy generation (RULER decodes greedily) and scores them with
 * string_match_all; a trial counts as correct when every value is recalled.
 */
public final class NeedleScorer {

    /** New tokens per value asked for (a 7-digit value and its separator take about 9). */
    public static final int TOKENS_PER_VALUE = 12;

    private final LanguageModel model;
    private final LlamaDecoder decoder;
    private final TextTokenizer tokenizer;
    private final int answerTokens;

    private NeedleScorer(LanguageModel model, LlamaDecoder decoder, TextTokenizer tokenizer, int answerTokens) {
        this.model = model;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.answerTokens = answerTokens;
    }

    /**
     * Scores with {@code model} as it runs now; {@code answerTokens} 0 means
     * {@link #TOKENS_PER_VALUE} per value asked for. Prompts longer than the context are refused.
     */
    public static NeedleScorer of(LanguageModel model, int answerTokens) {
        return new NeedleScorer(model, null, model.tokenizer(), answerTokens);
    }

    /** Scores with a decoder view and the tokenizer its prompts were built with; no context limit is checked. */
    public static NeedleScorer of(LlamaDecoder decoder, TextTokenizer tokenizer, int answerTokens) {
        return new NeedleScorer(null, decoder, tokenizer, answerTokens);
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The model's answer to {@code prompt}, scored. */
    public NeedleAnswer answer(NeedlePrompt prompt) {
        return answer(prompt, Progress.NONE);
    }

    /**
     * As {@link #answer(NeedlePrompt)}, reporting the prompt's and the answer's tokens to {@code progress};
     * stops at {@link org.lmlab.progress.Cancellation#check()}.
     */
    public NeedleAnswer answer(NeedlePrompt prompt, Progress progress) {
        int tokens = answerTokens(prompt.task());
        GreedyReader reader = model != null ? GreedyReader.of(model, tokens)
                : new GreedyReader(decoder, tokenizer, tokens, Integer.MAX_VALUE);
        GreedyReader.Reading reading = reader.read(prompt.ids(), "a needle prompt", progress);
        return NeedleAnswer.score(prompt, reading.text(), reading.tokens(), reading.seconds());
    }

    /** The most new tokens an answer to a {@code task} prompt may take. */
    public int answerTokens(NeedleTask task) {
        return answerTokens > 0 ? answerTokens : defaultAnswerTokens(task);
    }

    /** {@link #TOKENS_PER_VALUE} per value a {@code task} answer must hold. */
    public static int defaultAnswerTokens(NeedleTask task) {
        return TOKENS_PER_VALUE * task.values();
    }

    /** Answers for seeds firstSeed … firstSeed + trials − 1. */
    public List<NeedleAnswer> answers(NeedleTask task, int length, double depth, long firstSeed, int trials) {
        PasskeyScorer.requireTrials(trials);
        List<NeedleAnswer> out = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            out.add(answer(NeedlePrompt.build(tokenizer, task, length, depth, firstSeed + i)));
        }
        return out;
    }

    /** Share of trials with every value recalled, with its 95% Wilson interval. */
    public static Accuracy accuracy(List<NeedleAnswer> answers) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no answers to score");
        }
        return Accuracy.of((int) answers.stream().filter(NeedleAnswer::correct).count(), answers.size());
    }
}

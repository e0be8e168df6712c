package org.lmlab.model.extrapolation.passkey;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.progress.Progress;

/**
 * Answers passkey prompts by greedy generation and scores them by exact match of the first number
 * in the answer (YaRN and LM-Infinite score the same way; YaRN generates 10 new tokens).
 *
 * <pre>{@code
 * PasskeyScorer scorer = PasskeyScorer.of(model.with(Extrapolation.parse("yarn:4")));
 * Accuracy a = scorer.accuracy(4096, 0.5, 0, 10);   // seeds 0..9: 10 keys at mid depth
 * }</pre>
 */
public final class PasskeyScorer {

    /** New tokens generated per answer, as YaRN's eval/passkey.py ({@code max_new_tokens=10}). */
    public static final int ANSWER_TOKENS = 10;

    private final GreedyReader reader;
    private final TextTokenizer tokenizer;

    private PasskeyScorer(GreedyReader reader, TextTokenizer tokenizer) {
        this.reader = reader;
        this.tokenizer = tokenizer;
    }

    /**
     * Scores with {@code model} as it runs now (its active extrapolation method); a prompt and its
     * answer longer than the model's context are refused with a {@code ContextLengthException}.
     */
    public static PasskeyScorer of(LanguageModel model) {
        return of(model, ANSWER_TOKENS);
    }

    public static PasskeyScorer of(LanguageModel model, int answerTokens) {
        return new PasskeyScorer(GreedyReader.of(model, answerTokens), model.tokenizer());
    }

    /**
     * Scores with a decoder (for instance a view {@code decoder.with(method)}) and the tokenizer
     * its prompts were built with; no context limit is checked.
     */
    public static PasskeyScorer of(LlamaDecoder decoder, TextTokenizer tokenizer, int answerTokens) {
        return new PasskeyScorer(new GreedyReader(decoder, tokenizer, answerTokens, Integer.MAX_VALUE), tokenizer);
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The most new tokens an answer may take. */
    public int answerTokens() {
        return reader.maxTokens();
    }

    /** The model's answer to {@code prompt}, scored against its key. */
    public PasskeyAnswer answer(PasskeyPrompt prompt) {
        return answer(prompt, Progress.NONE);
    }

    /**
     * As {@link #answer(PasskeyPrompt)}, reporting the prompt's and the answer's tokens to {@code progress};
     * stops at {@link org.lmlab.progress.Cancellation#check()}.
     */
    public PasskeyAnswer answer(PasskeyPrompt prompt, Progress progress) {
        GreedyReader.Reading reading = reader.read(prompt.ids(), "a passkey prompt", progress);
        return PasskeyAnswer.score(prompt, reading.text(), reading.tokens(), reading.seconds());
    }

    /** Answers to prompts of {@code length} tokens with the key at {@code depth}, seeds firstSeed … firstSeed + trials − 1. */
    public List<PasskeyAnswer> answers(int length, double depth, long firstSeed, int trials) {
        requireTrials(trials);
        List<PasskeyAnswer> out = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            out.add(answer(PasskeyPrompt.build(tokenizer, length, depth, firstSeed + i)));
        }
        return out;
    }

    /** The negative control: answers to prompts without the key, seeds as in {@link #answers}. */
    public List<PasskeyAnswer> answersWithoutKey(int length, long firstSeed, int trials) {
        requireTrials(trials);
        List<PasskeyAnswer> out = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            out.add(answer(PasskeyPrompt.withoutKey(tokenizer, length, firstSeed + i)));
        }
        return out;
    }

    /** Accuracy with its 95% Wilson interval over {@link #answers}. */
    public Accuracy accuracy(int length, double depth, long firstSeed, int trials) {
        return accuracy(answers(length, depth, firstSeed, trials));
    }

    /** Accuracy with its 95% Wilson interval over {@code answers}. */
    public static Accuracy accuracy(List<PasskeyAnswer> answers) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("no answers to score");
        }
        return Accuracy.of((int) answers.stream().filter(PasskeyAnswer::correct).count(), answers.size());
    }

    static void requireTrials(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, got " + trials);
        }
    }
}

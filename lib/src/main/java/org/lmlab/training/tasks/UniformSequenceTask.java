package org.lmlab.training.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tasks whose input is {@code length} symbols drawn independently and uniformly, with repeats,
 * from a fixed alphabet (copy, reverse, sort, parity, count: the generators of Kazemnejad et al.
 * 2023 draw {@code np.random.randint(0, alphabet, length)} the same way). The alphabet takes the
 * first ids after the specials; answer-only symbols, if any, follow it.
 */
abstract class UniformSequenceTask implements SyntheticTask {

    private final String name;
    private final Vocabulary vocabulary;
    private final int alphabetSize;

    UniformSequenceTask(String name, List<String> alphabet, List<String> answerOnlySymbols) {
        if (alphabet.size() < 2) {
            throw new IllegalArgumentException(name + ": the alphabet needs at least 2 symbols, got " + alphabet.size());
        }
        List<String> all = new ArrayList<>(alphabet);
        all.addAll(answerOnlySymbols);
        this.name = name;
        this.vocabulary = Vocabulary.of(all);
        this.alphabetSize = alphabet.size();
    }

    /** "0", "1", ..., String.valueOf(count - 1). */
    static List<String> numerals(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(String.valueOf(i));
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Number of input symbols. */
    public int alphabetSize() {
        return alphabetSize;
    }

    /** {@code input} itself, once every token is checked to be an input symbol. */
    int[] checked(int[] input) {
        for (int token : input) {
            symbolIndex(token);
        }
        return input;
    }

    /** The alphabet position (0-based) of an input token. */
    int symbolIndex(int token) {
        int index = token - Vocabulary.firstSymbolId();
        if (index < 0 || index >= alphabetSize) {
            throw new IllegalArgumentException(name + ": token " + token + " is not an input symbol");
        }
        return index;
    }

    @Override
    public int[] sampleInput(int length, SplittableRandom random) {
        SyntheticTask.requireLength(name, length);
        int[] input = new int[length];
        for (int i = 0; i < length; i++) {
            input[i] = Vocabulary.firstSymbolId() + random.nextInt(alphabetSize);
        }
        return input;
    }

    @Override
    public double inputCount(int length) {
        return Math.pow(alphabetSize, length);
    }
}

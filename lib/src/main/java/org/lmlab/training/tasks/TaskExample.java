package org.lmlab.training.tasks;

import java.util.Arrays;

/**
 * One example of a synthetic task: the input tokens and the target tokens the model must produce
 * after them, both as ids of the task's {@link Vocabulary}, with the task's size parameter
 * ({@code length}) it was generated at.
 *
 * <p>A training sequence is {@code input SEP target EOS}. As in Kazemnejad et al. (2023) (their
 * code masks the prompt's labels, {@code decoder_only_mask_inputs: true}), the loss counts only
 * the answer: the target tokens and the closing EOS, each predicted from the position before it;
 * the input and SEP are context only. At test time the model is given {@link #prompt()} and
 * generates greedily; {@link ExactMatch} scores what it wrote.
 *
 * @param length the task's size parameter this example was generated at (sequence length,
 *               digit count, command words: see each task)
 * @param input  input token ids, at least one
 * @param target expected answer token ids, at least one, without EOS
 */
public record TaskExample(int length, int[] input, int[] target) {

    public TaskExample {
        if (length < 1 || input.length == 0 || target.length == 0) {
            throw new IllegalArgumentException("an example needs length >= 1 and non-empty input and target; got length "
                    + length + ", " + input.length + " input and " + target.length + " target tokens");
        }
        input = input.clone();
        target = target.clone();
    }

    @Override
    public int[] input() {
        return input.clone();
    }

    @Override
    public int[] target() {
        return target.clone();
    }

    /** {@code input SEP}: what the model is given at test time. */
    public int[] prompt() {
        int[] out = Arrays.copyOf(input, input.length + 1);
        out[input.length] = Vocabulary.SEP;
        return out;
    }

    /** {@code input SEP target EOS}: the training sequence. */
    public int[] sequence() {
        int[] out = new int[sequenceLength()];
        System.arraycopy(input, 0, out, 0, input.length);
        out[input.length] = Vocabulary.SEP;
        System.arraycopy(target, 0, out, input.length + 1, target.length);
        out[out.length - 1] = Vocabulary.EOS;
        return out;
    }

    public int sequenceLength() {
        return input.length + target.length + 2;
    }

    /** Per position of {@link #sequence()}: true for the tokens the loss scores (target and EOS). */
    public boolean[] lossMask() {
        boolean[] mask = new boolean[sequenceLength()];
        Arrays.fill(mask, input.length + 1, mask.length, true);
        return mask;
    }

    /** Tokens a generation needs to be scored: the target and its EOS. */
    public int answerBudget() {
        return target.length + 1;
    }

    /** Whether {@code generated} (the tokens after the prompt) is this example's exact answer. */
    public boolean isCorrect(int[] generated) {
        return ExactMatch.correct(target, generated);
    }

    /** Equal when the length, input and target are equal, by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TaskExample other && length == other.length && Arrays.equals(input, other.input)
                && Arrays.equals(target, other.target);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * length + Arrays.hashCode(input)) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "TaskExample[length=" + length + ", input=" + Arrays.toString(input) + ", target=" + Arrays.toString(target) + "]";
    }
}

package org.lmlab.training.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Addition of two decimal numbers, digits written most significant first in the input and in the
 * answer: {@code 4 7 + 1 8 5 SEP 2 3 2 EOS}. This follows Kazemnejad et al. (2023), whose code
 * writes both operands and the sum in ordinary order ({@code number_to_string}: digits separated by
 * spaces, no reversal) and draws each operand's digit count per bin, an n-digit operand uniform in
 * [10^(n-1), 10^n) (one digit: 0..9).
 *
 * <p>The size parameter is the digit count of the longer operand. An example of size n picks its
 * operand digit counts uniformly among the 2n-1 pairs whose larger member is n, the bins the
 * paper's test split uses (every (a, b) digit-count pair with at least one operand beyond the
 * trained count), so accuracy by length groups the paper's bins by their larger operand.
 */
public final class AdditionTask implements SyntheticTask {

    private static final int ZERO = Vocabulary.firstSymbolId();
    private static final int PLUS = ZERO + 10;

    private final Vocabulary vocabulary;

    public AdditionTask() {
        List<String> symbols = new ArrayList<>(UniformSequenceTask.numerals(10));
        symbols.add("+");
        vocabulary = Vocabulary.of(symbols);
    }

    @Override
    public String name() {
        return "addition";
    }

    @Override
    public String description() {
        return "length = digits of the longer operand; input a + b, answer their sum (most significant digit first)";
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] sampleInput(int length, SplittableRandom random) {
        SyntheticTask.requireLength(name(), length);
        // Pairs (length, k) for k = 1..length, then (k, length) for k = 1..length-1.
        int pair = random.nextInt(2 * length - 1);
        int aDigits = pair < length ? length : pair - length + 1;
        int bDigits = pair < length ? pair + 1 : length;
        int[] input = new int[aDigits + 1 + bDigits];
        writeOperand(input, 0, aDigits, random);
        input[aDigits] = PLUS;
        writeOperand(input, aDigits + 1, bDigits, random);
        return input;
    }

    /** A uniform number with exactly {@code digits} digits (leading digit 1..9 unless it is the only one). */
    private static void writeOperand(int[] out, int from, int digits, SplittableRandom random) {
        for (int i = 0; i < digits; i++) {
            boolean leading = i == 0 && digits > 1;
            out[from + i] = ZERO + (leading ? 1 + random.nextInt(9) : random.nextInt(10));
        }
    }

    @Override
    public int[] answer(int[] input) {
        int plus = -1;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == PLUS) {
                if (plus >= 0) {
                    throw new IllegalArgumentException("addition: the input has more than one '+'");
                }
                plus = i;
            } else if (input[i] < ZERO || input[i] > ZERO + 9) {
                throw new IllegalArgumentException("addition: token " + input[i] + " is neither a digit nor '+'");
            }
        }
        if (plus <= 0 || plus == input.length - 1) {
            throw new IllegalArgumentException("addition: the input must be digits + digits");
        }
        // Schoolbook addition from the least significant digit; operands of any length.
        int aEnd = plus - 1;
        int bEnd = input.length - 1;
        int width = Math.max(plus, input.length - plus - 1) + 1;
        int[] sum = new int[width];
        int carry = 0;
        for (int k = 0; k < width; k++) {
            int a = aEnd - k >= 0 ? input[aEnd - k] - ZERO : 0;
            int b = bEnd - k > plus ? input[bEnd - k] - ZERO : 0;
            int s = a + b + carry;
            sum[width - 1 - k] = s % 10;
            carry = s / 10;
        }
        int start = 0;
        while (start < width - 1 && sum[start] == 0) {
            start++;
        }
        int[] out = new int[width - start];
        for (int i = 0; i < out.length; i++) {
            out[i] = ZERO + sum[start + i];
        }
        return out;
    }

    @Override
    public double inputCount(int length) {
        // Pairs of numbers below 10^n minus pairs both below 10^(n-1); one-digit numbers include 0.
        SyntheticTask.requireLength(name(), length);
        double pairs = Math.pow(10, 2.0 * length);
        return length == 1 || Double.isInfinite(pairs) ? pairs : pairs - Math.pow(10, 2.0 * length - 2);
    }

    @Override
    public int maxSequenceLength(int length) {
        return length + 1 + length + 1 + (length + 1) + 1;
    }
}

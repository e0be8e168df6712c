package org.lmlab.training.tasks;

/**
 * Keeps test examples out of training. A fixed hash of the task name and the input tokens puts
 * one input in {@value #DENOMINATOR} in a reserved part of the input space; training streams skip
 * reserved inputs and held-out test sets draw only reserved inputs, so a test input is never
 * trained on, for any training seed, length range or number of steps. The rule depends on
 * neither seed: test sets and training streams can be made independently, in any order.
 *
 * <p>Where the task has fewer than {@value #MIN_INPUTS} distinct inputs at a length (short parity
 * strings, one- or two-symbol sequences, one-digit additions) the space is too small to set a
 * part aside: nothing is reserved there, training sees every input, and a test set at that length
 * is marked as not held out ({@link TestSet#heldOut()}).
 */
public final class HeldOutRule {

    /** One input in this many is reserved for test. */
    public static final int DENOMINATOR = 10;
    /** Fewest distinct inputs at a length for the rule to apply there. */
    public static final double MIN_INPUTS = 1000;

    private HeldOutRule() {
    }

    /** Whether inputs of size {@code length} are split between training and test at all. */
    public static boolean applies(SyntheticTask task, int length) {
        return task.inputCount(length) >= MIN_INPUTS;
    }

    /** Whether {@code input} (of size {@code length}) belongs to the test side: never trained on. */
    public static boolean reserved(SyntheticTask task, int length, int[] input) {
        return applies(task, length) && Long.remainderUnsigned(hash(task.name(), input), DENOMINATOR) == 0;
    }

    /** A fixed 64-bit hash of the task name and the tokens (SplitMix64's finaliser after each step). */
    static long hash(String name, int[] tokens) {
        long h = Seeds.mix(Seeds.mix(0x6C6D6C6162L, name) ^ tokens.length); // 0x6C6D6C6162 is "lmlab"
        for (int t : tokens) {
            h = Seeds.mix(h ^ t);
        }
        return h;
    }
}

package org.lmlab.model.extrapolation.passkey;

import java.util.Locale;

/**
 * The shape of a RULER needle-in-a-haystack task (NVIDIA/RULER scripts/synthetic.yaml, task
 * {@code niah}): how many keys are hidden, how many values each key has, and the haystack. One key
 * is asked for; keys are adjective-noun words, values 7-digit numbers, as in RULER's
 * {@code type_needle_k: words}, {@code type_needle_v: numbers}.
 *
 * @param keys     keys hidden (the others are distractors), at least 1
 * @param values   values per key, each in its own needle line; the answer must hold them all
 * @param haystack the filler
 */
public record NeedleTask(int keys, int values, Filler haystack) {

    public NeedleTask {
        if (keys < 1 || keys > 64) {
            throw new IllegalArgumentException("keys must be in 1..64, got " + keys);
        }
        if (values < 1 || values > 64) {
            throw new IllegalArgumentException("values must be in 1..64, got " + values);
        }
        if (haystack == null) {
            throw new IllegalArgumentException("a haystack is required (Filler.NOISE or Filler.LANDMARK)");
        }
    }

    /** RULER's {@code niah_single_1}: one key, one value, the noise haystack. */
    public static NeedleTask single() {
        return new NeedleTask(1, 1, Filler.NOISE);
    }

    /** Four keys, one asked for ({@code niah_multikey_1}'s counts; RULER hides them in essays, this in noise). */
    public static NeedleTask multiKey() {
        return new NeedleTask(4, 1, Filler.NOISE);
    }

    /** One key with four values, all to be recalled ({@code niah_multivalue}'s counts, in noise). */
    public static NeedleTask multiValue() {
        return new NeedleTask(1, 4, Filler.NOISE);
    }

    /** "single", "multikey", "multivalue" or "keys=K,values=V,haystack=noise|landmark". */
    public String label() {
        if (keys == 1 && values == 1 && haystack == Filler.NOISE) {
            return "single";
        }
        if (keys == 4 && values == 1 && haystack == Filler.NOISE) {
            return "multikey";
        }
        if (keys == 1 && values == 4 && haystack == Filler.NOISE) {
            return "multivalue";
        }
        return "keys=" + keys + ",values=" + values + ",haystack=" + haystack.name().toLowerCase(Locale.ROOT);
    }
}

package org.lmlab.training.tasks;

/** Fixed 64-bit mixing: independent random streams from one seed, and the held-out hash. */
final class Seeds {

    private Seeds() {
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Folds the characters of {@code text} into {@code h}. */
    static long mix(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h = mix(h ^ text.charAt(i));
        }
        return h;
    }

    /** The seed of one stream, named by its purpose, task and index (a length), derived from {@code seed}. */
    static long derive(long seed, String purpose, String task, long index) {
        long h = mix(mix(mix(seed + 0x9E3779B97F4A7C15L), purpose), task);
        return mix(h ^ index);
    }
}

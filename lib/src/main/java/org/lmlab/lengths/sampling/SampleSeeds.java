package org.lmlab.lengths.sampling;

import java.nio.charset.StandardCharsets;

/**
 * The seed of each sample, derived from the run's seed, the prompt's id and the sample's index so
 * that a sample's tokens depend on nothing else (not the other prompts, their order, the batch or
 * an interruption):
 *
 * <pre>
 *   h    = FNV-1a 64 of the id's UTF-8 bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
 *   seed = mix(mix(S xor h) + sample)        (arithmetic modulo 2^64)
 * </pre>
 *
 * where {@code mix} is SplitMix64's step: z += 0x9e3779b97f4a7c15; z = (z xor z>>>30) ×
 * 0xbf58476d1ce4e5b9; z = (z xor z>>>27) × 0x94d049bb133111eb; z xor z>>>31. The seed is a signed
 * 64-bit value (as stored in the {@code seed} column) and starts the sample's own
 * {@link java.util.Random}.
 */
public final class SampleSeeds {

    private SampleSeeds() {
    }

    /** The seed of sample {@code sample} (0-based) of prompt {@code promptId} in a run seeded {@code seed}. */
    public static long derive(long seed, String promptId, int sample) {
        return mix(mix(seed ^ fnv1a64(promptId)) + sample);
    }

    static long fnv1a64(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmlab.model.extrapolation.Window;

/**
 * The plan's segments read exactly the (query, key) pairs a Λ shape allows, each once, and no
 * key block a window removes: checked pair by pair against the shape's rule.
 */
class AttentionPlanTest {

    /** Slots holding positions 0..stored-1 except an evicted run [holeFrom, holeTo). */
    record ArraySlots(long[] positions, int holeFrom, int holeTo) implements AttentionPlan.Slots {
        @Override
        public int firstAbove(long position) {
            for (int s = 0; s < positions.length; s++) {
                if ((s < holeFrom || s >= holeTo) && positions[s] > position) {
                    return s;
                }
            }
            return positions.length;
        }

        @Override
        public long position(int slot) {
            return positions[slot];
        }
    }

    @ParameterizedTest
    @CsvSource({
            "0, 9223372036854775807, 1, 50, 7", // full causal
            "0, 5, 1, 50, 4", // sliding, band narrower than a block
            "0, 12, 1, 50, 4", // sliding, band wider
            "3, 6, 2, 50, 4", // LM-Infinite
            "4, 10, 3, 50, 16", // sinks
            "2, 1, 1, 20, 3"}) // band of one
    void everyAllowedPairOnceAndNothingElse(int global, long local, int kind, int n, int block) {
        Window.Shape shape = new Window.Shape(global, local, Window.GlobalDistance.values()[kind - 1], Math.min(local, 6));
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        // a pass of the last 20 positions after 30 cached ones
        long[] queries = java.util.Arrays.copyOfRange(positions, n - Math.min(n, 20), n);
        AttentionPlan plan = AttentionPlan.of(shape, new ArraySlots(positions, 0, 0), queries, block);
        Set<String> read = pairs(plan, shape, positions);
        Set<String> allowed = new HashSet<>();
        for (long p : queries) {
            for (long k = 0; k <= p; k++) {
                if (p - k < local || k < global) {
                    allowed.add(p + "," + k);
                }
            }
        }
        assertEquals(allowed, read);
    }

    @Test
    void evictedSlotsAreNeverRead() {
        // sinks 2 + recent 4: slots 0,1 pinned, 2..5 evicted, 6.. live (positions 12..)
        long[] positions = {0, 1, -1, -1, -1, -1, 12, 13, 14, 15};
        Window.Shape shape = new Window.Sinks(2, 4).shape(0);
        AttentionPlan plan = AttentionPlan.of(shape, new ArraySlots(positions, 2, 6), new long[] {14, 15}, 1);
        for (AttentionPlan.Block b : plan.blocks()) {
            for (AttentionPlan.Segment s : b.segments()) {
                assertTrue(s.to() <= 2 || s.from() >= 6, "segment " + s + " covers evicted slots");
            }
        }
        assertEquals(Set.of("14,0", "14,1", "14,12", "14,13", "14,14", "15,0", "15,1", "15,12", "15,13", "15,14", "15,15"),
                pairs(plan, shape, positions));
    }

    @Test
    void aWindowReadsKeysInProportionToItsWidthNotTheInput() {
        for (int n : new int[] {1024, 4096}) {
            long[] positions = new long[n];
            for (int i = 0; i < n; i++) {
                positions[i] = i;
            }
            AttentionPlan plan = AttentionPlan.of(new Window.Sliding(128).shape(0), new ArraySlots(positions, 0, 0),
                    positions, 64);
            // each block of 64 reads at most its band of 128 + 63 keys
            assertTrue(plan.keysRead() <= (long) n * (128 + 63), n + " queries read " + plan.keysRead() + " keys");
        }
    }

    /** The pairs the plan lets through, applying each segment's mask rule; fails on a pair read twice. */
    private static Set<String> pairs(AttentionPlan plan, Window.Shape shape, long[] positions) {
        Set<String> read = new HashSet<>();
        for (AttentionPlan.Block b : plan.blocks()) {
            for (AttentionPlan.Segment s : b.segments()) {
                for (int r = b.r0(); r < b.r1(); r++) {
                    long p = plan.queryPositions()[r];
                    for (int slot = s.from(); slot < s.to(); slot++) {
                        long k = positions[slot];
                        boolean rule = s.kind() == AttentionPlan.Kind.GLOBAL ? k <= p - shape.local() : k <= p && k > p - shape.local();
                        if (!s.masked()) {
                            assertTrue(rule, "unmasked segment " + s + " lets query " + p + " read key " + k);
                        }
                        if (rule) {
                            assertTrue(read.add(p + "," + k), "query " + p + " reads key " + k + " twice");
                        }
                    }
                }
            }
        }
        return read;
    }
}

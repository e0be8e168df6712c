package org.lmlab.model.llama;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.model.extrapolation.Window;

/**
 * Which cache slots each query block of a forward pass reads, for a Λ-shaped window (full,
 * sliding, LM-Infinite and sinks are all one): per block, the global keys outside the band and
 * the band itself split into a masked left edge, an unmasked middle and a masked right edge.
 * Slots outside every segment are never touched, so a window of w costs O(n · w), not O(n²).
 * Pure arithmetic on position ids; {@link PassTensors} turns it into engine arrays.
 */
record AttentionPlan(long[] queryPositions, List<Block> blocks) {

    /** How a segment's keys and queries are placed. */
    enum Kind {
        /** Band keys at their true distance; masked by the band rule where {@code masked}. */
        LOCAL,
        /** Global keys outside the band, at the distance the shape sets. */
        GLOBAL
    }

    /** Keys of slots [from, to) for the block's queries. */
    record Segment(int from, int to, Kind kind, boolean masked) {
        int count() {
            return to - from;
        }
    }

    /** Queries of this pass's rows [r0, r1) and the segments they read, in slot order. */
    record Block(int r0, int r1, List<Segment> segments) {
        int rows() {
            return r1 - r0;
        }
    }

    /** The cache's slot positions as the planner sees them. */
    interface Slots {
        /** The first stored slot whose position is greater than {@code position} (the end if none). */
        int firstAbove(long position);

        long position(int slot);

        /** Evicted slots [holeFrom, holeTo) not yet reclaimed: no segment covers them. */
        int holeFrom();

        int holeTo();
    }

    /**
     * Plans the queries at {@code queryPositions} (already appended to the cache) in blocks of
     * {@code blockRows}.
     */
    static AttentionPlan of(Window.Shape shape, Slots slots, long[] queryPositions, int blockRows) {
        List<Block> blocks = new ArrayList<>();
        for (int r0 = 0; r0 < queryPositions.length; r0 += blockRows) {
            int r1 = Math.min(queryPositions.length, r0 + blockRows);
            blocks.add(block(shape, slots, queryPositions[r0], queryPositions[r1 - 1], r0, r1));
        }
        return new AttentionPlan(queryPositions, blocks);
    }

    private static Block block(Window.Shape shape, Slots slots, long first, long last, int r0, int r1) {
        long local = shape.local();
        List<Segment> segments = new ArrayList<>();
        int a = slots.firstAbove(first - local); // band of the first row starts here
        int b = slots.firstAbove(last); // ... and of the last row ends before here
        if (shape.global() > 0) {
            // global keys: positions < global outside the band of at least the last row; a row reads
            // each of them here where it is outside its band and in the band segments otherwise
            int c = slots.firstAbove(Math.min(shape.global() - 1, last - local));
            if (c > 0) {
                boolean outsideForAll = slots.position(c - 1) <= first - local;
                add(segments, slots, new Segment(0, c, Kind.GLOBAL, !outsideForAll));
            }
        }
        int leftEnd = slots.firstAbove(last - local); // keys before it drop out of the last row's band
        int rightStart = slots.firstAbove(first); // keys from it are after the first row
        if (leftEnd <= rightStart) {
            add(segments, slots, new Segment(a, leftEnd, Kind.LOCAL, true));
            add(segments, slots, new Segment(leftEnd, rightStart, Kind.LOCAL, false));
            add(segments, slots, new Segment(rightStart, b, Kind.LOCAL, true));
        } else {
            add(segments, slots, new Segment(a, b, Kind.LOCAL, true)); // band narrower than the block
        }
        return new Block(r0, r1, segments);
    }

    /** Adds {@code s} without the evicted slots it may span, dropping empty parts. */
    private static void add(List<Segment> segments, Slots slots, Segment s) {
        int h0 = slots.holeFrom();
        int h1 = slots.holeTo();
        if (h1 > h0 && s.from() < h1 && s.to() > h0) {
            add(segments, slots, new Segment(s.from(), Math.min(s.to(), h0), s.kind(), s.masked()));
            add(segments, slots, new Segment(Math.max(s.from(), h1), s.to(), s.kind(), s.masked()));
        } else if (s.to() > s.from()) {
            segments.add(s);
        }
    }

    /** Key slots all blocks read together: for sizing and tests. */
    long keysRead() {
        long n = 0;
        for (Block b : blocks) {
            for (Segment s : b.segments()) {
                n += (long) s.count() * b.rows();
            }
        }
        return n;
    }
}

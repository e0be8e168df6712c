package org.lmlab.model.extrapolation;

/**
 * Which keys each query reads. Every window is one Λ shape: a local band of the most recent
 * keys, plus the first {@code global} keys scored at a rewritten distance. Methods differ only in
 * the band's width, the number of global keys and that distance ({@link Shape}).
 */
public sealed interface Window {

    String label();

    /** The Λ shape for a model trained at {@code trainedContext} positions. */
    Shape shape(int trainedContext);

    /** Plain causal attention over every earlier key. */
    record Full() implements Window {
        @Override
        public String label() {
            return "full";
        }

        @Override
        public Shape shape(int trainedContext) {
            return new Shape(0, Long.MAX_VALUE, GlobalDistance.TRUE, 0);
        }
    }

    /** Each query reads the {@code size} most recent keys, itself included. */
    record Sliding(int size) implements Window {
        public Sliding {
            requirePositive("window size", size);
        }

        @Override
        public String label() {
            return "sliding " + size;
        }

        @Override
        public Shape shape(int trainedContext) {
            return new Shape(0, size, GlobalDistance.TRUE, 0);
        }
    }

    /**
     * LM-Infinite (Han et al. 2024): a local branch of {@code local} recent keys at their true
     * distance, and a global branch of the first {@code global} keys; a global key outside the
     * local band is scored as if at distance {@code cap} (the authors' "stationary" query: the
     * key unrotated, the query rotated at cap). 0 for local or cap means the trained context
     * and the local width, the authors' choices.
     */
    record LmInfinite(int global, int local, int cap) implements Window {
        public LmInfinite {
            if (global < 0) {
                throw new IllegalArgumentException("LM-Infinite global branch must be >= 0 tokens, got " + global);
            }
            if (local < 0 || cap < 0) {
                throw new IllegalArgumentException("LM-Infinite local and cap must be > 0 (or 0 for the default), got local "
                        + local + ", cap " + cap);
            }
            if (local > 0 && cap > local) {
                throw new IllegalArgumentException("LM-Infinite distance cap " + cap + " must not exceed the local window "
                        + local + ": a global key outside the band is always at least that far");
            }
        }

        /** The authors' defaults: 100 global keys, local = cap = the trained context. */
        public static LmInfinite defaults() {
            return new LmInfinite(100, 0, 0);
        }

        @Override
        public String label() {
            return "lminfinite global " + global + ", local " + (local == 0 ? "trained" : local)
                    + ", cap " + (cap == 0 ? "local" : cap);
        }

        @Override
        public Shape shape(int trainedContext) {
            int l = local > 0 ? local : trainedContext;
            int c = cap > 0 ? Math.min(cap, l) : l;
            return new Shape(global, l, GlobalDistance.CAPPED, c);
        }
    }

    /**
     * StreamingLLM attention sinks (Xiao et al. 2024): the first {@code start} keys plus the
     * {@code recent} most recent ones (the query included); distances are measured inside that
     * cache, so a sink is at most start + recent - 1 away.
     */
    record Sinks(int start, int recent) implements Window {
        public Sinks {
            if (start < 0) {
                throw new IllegalArgumentException("sinks start must be >= 0 tokens, got " + start);
            }
            requirePositive("sinks recent window", recent);
        }

        /** The authors' streaming demo: 4 sinks and 2000 recent tokens. */
        public static Sinks defaults() {
            return new Sinks(4, 2000);
        }

        @Override
        public String label() {
            return "sinks start " + start + ", recent " + recent;
        }

        @Override
        public Shape shape(int trainedContext) {
            return new Shape(start, recent, GlobalDistance.IN_CACHE, 0);
        }
    }

    /** How a global key outside the local band is placed relative to the query. */
    enum GlobalDistance {
        /** At its true distance. */
        TRUE,
        /** At distance {@code cap} (LM-Infinite). */
        CAPPED,
        /** At the distance inside a cache of global + local slots (StreamingLLM). */
        IN_CACHE
    }

    /**
     * The resolved Λ shape.
     *
     * @param global   the first {@code global} positions are global keys
     * @param local    query p reads local keys k with p - local < k <= p
     * @param distance how global keys outside the band are placed
     * @param cap      the capped distance for {@link GlobalDistance#CAPPED}
     */
    record Shape(int global, long local, GlobalDistance distance, long cap) {

        /** Whether a key at position k is still needed by queries at positions >= next. */
        public boolean keeps(long k, long next) {
            return k < global || k > next - local;
        }

        /** Whether the shape drops keys at all (a full window never does). */
        public boolean evicts() {
            return local != Long.MAX_VALUE;
        }

        /** The position a query at p takes when scoring global keys outside the band. */
        public long globalQueryPosition(long p) {
            return switch (distance) {
                case TRUE -> p;
                case CAPPED -> cap;
                case IN_CACHE -> Math.min(p, global + local - 1);
            };
        }
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0 tokens, got " + value);
        }
    }
}

package org.lmlab.kernel.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes a live object from kernel code (a magic) into a JShell variable: the kernel parks the
 * object under a key and evaluates {@code Type name = (Type) Handoff.take("key");}.
 */
public final class Handoff {

    private static final Map<String, Object> PARKED = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();

    private Handoff() {
    }

    static String park(Object value) {
        String key = "h" + KEYS.incrementAndGet();
        PARKED.put(key, value);
        return key;
    }

    /** Called from generated JShell code; each key can be taken once. */
    public static Object take(String key) {
        return PARKED.remove(key);
    }

    static void discard(String key) {
        PARKED.remove(key);
    }
}

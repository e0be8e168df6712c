package org.lmlab.magics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Explicit name to magic map: every registration is visible in the composition root. */
public final class MagicRegistry {

    private static final int MAX_SUGGESTIONS = 3;
    private final Map<String, Magic> byName = new TreeMap<>();

    public synchronized MagicRegistry register(Magic magic) {
        Magic previous = byName.putIfAbsent(magic.name(), magic);
        if (previous != null) {
            throw new IllegalStateException("magic %" + magic.name() + " is registered twice: "
                    + previous.getClass().getName() + " and " + magic.getClass().getName());
        }
        return this;
    }

    public synchronized Collection<Magic> all() {
        return List.copyOf(byName.values());
    }

    /** The magic called {@code name} that supports {@code kind}. */
    public synchronized Magic lookup(String name, MagicKind kind) throws UnknownMagicException {
        Magic magic = byName.get(name);
        if (magic == null || !magic.supports(kind)) {
            throw new UnknownMagicException(kind.prefix() + name, closest(name, kind));
        }
        return magic;
    }

    /** Names (with their prefix) of the magics of {@code kind} that start with {@code prefix}. */
    public synchronized List<String> namesStartingWith(String prefix, MagicKind kind) {
        List<String> names = new ArrayList<>();
        for (Magic magic : byName.values()) {
            if (magic.supports(kind) && magic.name().startsWith(prefix)) {
                names.add(kind.prefix() + magic.name());
            }
        }
        return names;
    }

    /** Up to three known names nearest to {@code name} by edit distance, close ones only. */
    synchronized List<String> closest(String name, MagicKind kind) {
        int limit = Math.max(2, name.length() / 2);
        return byName.values().stream()
                .filter(m -> m.supports(kind))
                .map(m -> Map.entry(m.name(), EditDistance.between(name, m.name())))
                .filter(e -> e.getValue() <= limit || e.getKey().startsWith(name) || name.startsWith(e.getKey()))
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(MAX_SUGGESTIONS)
                .map(e -> kind.prefix() + e.getKey())
                .toList();
    }
}

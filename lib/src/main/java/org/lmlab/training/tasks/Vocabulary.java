package org.lmlab.training.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed token set of one synthetic task: three shared specials first ({@link #PAD},
 * {@link #SEP}, {@link #EOS}, the same ids in every task), then the task's own symbols in the
 * order the task lists them. A model trained on a task has {@link #size()} embedding rows.
 */
public final class Vocabulary {

    /** Padding after the end of a shorter sequence in a batch; never scored. */
    public static final int PAD = 0;
    /** Ends the input and starts the answer: the prompt a model completes is {@code input SEP}. */
    public static final int SEP = 1;
    /** Ends the answer; a generation counts as correct only when it emits this right after the target. */
    public static final int EOS = 2;

    private static final List<String> SPECIALS = List.of("<pad>", "<sep>", "<eos>");

    private final List<String> symbols;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> symbols) {
        this.symbols = Collections.unmodifiableList(symbols);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            if (index.put(symbols.get(i), i) != null) {
                throw new IllegalArgumentException("symbol '" + symbols.get(i) + "' is listed twice");
            }
        }
        this.ids = index;
    }

    /** The specials followed by {@code taskSymbols}, which must be distinct and not name a special. */
    public static Vocabulary of(List<String> taskSymbols) {
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(taskSymbols);
        return new Vocabulary(all);
    }

    /** Number of ids, specials included. */
    public int size() {
        return symbols.size();
    }

    /** The id of the first task symbol (ids below it are specials). */
    public static int firstSymbolId() {
        return SPECIALS.size();
    }

    public String symbol(int id) {
        if (id < 0 || id >= symbols.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside this vocabulary (0.." + (symbols.size() - 1) + ")");
        }
        return symbols.get(id);
    }

    public int id(String symbol) {
        Integer id = ids.get(symbol);
        if (id == null) {
            throw new IllegalArgumentException("'" + symbol + "' is not a symbol of this task; symbols: " + symbols);
        }
        return id;
    }

    /** All symbols by id, specials included. */
    public List<String> symbols() {
        return symbols;
    }

    public int[] encode(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    public List<String> decode(int[] tokens) {
        List<String> out = new ArrayList<>(tokens.length);
        for (int t : tokens) {
            out.add(symbol(t));
        }
        return out;
    }

    /** The tokens as their symbols separated by spaces, for reading an example or a generation. */
    public String render(int[] tokens) {
        return String.join(" ", decode(tokens));
    }
}

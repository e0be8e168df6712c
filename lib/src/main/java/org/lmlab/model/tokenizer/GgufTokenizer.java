package org.lmlab.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.lmlab.model.gguf.GgufFile;

/**
 * GPT-2-style byte-level BPE from a GGUF file's {@code tokenizer.ggml.*} metadata, giving
 * llama.cpp's ids: special tokens are cut out of the text first (longest first), then each
 * remaining fragment is pre-tokenized ({@link PreTokenizer}), mapped to the byte-level alphabet,
 * and merged ({@link BpeMerger}).
 *
 * <p>Which tokens are cut out follows llama.cpp: user-defined tokens (token type 4) always,
 * control and unknown tokens (types 3 and 2) only when {@code parseSpecial} is true.
 */
public final class GgufTokenizer extends VocabularyFacts {

    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    private static final int WORD_CACHE_LIMIT = 1 << 16;

    private final String[] tokens;
    private final int[] types;
    private final Map<String, Integer> ids;
    private final BpeMerger merger;
    private final PreTokenizer preTokenizer;
    private final List<Integer> specialsLongestFirst;
    private final boolean addBos;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

    private GgufTokenizer(String[] tokens, int[] types, List<?> merges, String pre, OptionalInt bos, OptionalInt eos,
            boolean addBos) {
        super(tokens.length, bos, eos, specialTexts(tokens, types));
        this.tokens = tokens;
        this.types = types;
        ids = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
        }
        merger = new BpeMerger(merges);
        preTokenizer = PreTokenizer.forType(pre);
        List<Integer> special = new ArrayList<>(specials().values());
        special.sort(Comparator.comparingInt((Integer i) -> -tokens[i].length()).thenComparingInt(i -> i));
        specialsLongestFirst = List.copyOf(special);
        this.addBos = addBos;
    }

    private static Map<String, Integer> specialTexts(String[] tokens, int[] types) {
        Map<String, Integer> specials = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            if (isSpecial(types[i]) && !tokens[i].isEmpty()) {
                specials.putIfAbsent(tokens[i], i);
            }
        }
        return specials;
    }

    private static boolean isSpecial(int type) {
        return type == UNKNOWN || type == CONTROL || type == USER_DEFINED;
    }

    /**
     * The tokenizer a GGUF file describes.
     *
     * @throws IllegalArgumentException naming the file when it holds no GPT-2-style BPE vocabulary
     */
    public static GgufTokenizer from(GgufFile file) {
        String model = file.value("tokenizer.ggml.model").map(String::valueOf).orElse("(none)");
        if (!model.equals("gpt2")) {
            throw new IllegalArgumentException(file.path() + ": tokenizer.ggml.model is " + model
                    + "; only GPT-2-style byte-level BPE (gpt2) is supported");
        }
        String pre = file.value("tokenizer.ggml.pre").map(String::valueOf).orElse("default");
        String[] tokens = file.array("tokenizer.ggml.tokens").stream().map(String::valueOf).toArray(String[]::new);
        int[] types = new int[tokens.length];
        Arrays.fill(types, 1);
        if (file.value("tokenizer.ggml.token_type").isPresent()) {
            List<?> stored = file.array("tokenizer.ggml.token_type");
            for (int i = 0; i < Math.min(types.length, stored.size()); i++) {
                types[i] = ((Number) stored.get(i)).intValue();
            }
        }
        try {
            return new GgufTokenizer(tokens, types, file.array("tokenizer.ggml.merges"),
                    pre, id(file, "tokenizer.ggml.bos_token_id"), id(file, "tokenizer.ggml.eos_token_id"),
                    file.optionalBool("tokenizer.ggml.add_bos_token").orElse(false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.path() + ": " + e.getMessage(), e);
        }
    }

    private static OptionalInt id(GgufFile file, String key) {
        return file.optionalInteger(key).map(v -> OptionalInt.of(Math.toIntExact(v))).orElse(OptionalInt.empty());
    }

    @Override
    public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        List<Object> fragments = partition(text, parseSpecial);
        List<Integer> out = new ArrayList<>();
        if (addBos && this.addBos && bos().isPresent()) {
            out.add(bos().getAsInt());
        }
        for (Object fragment : fragments) {
            if (fragment instanceof Integer) {
                out.add((Integer) fragment);
            } else {
                for (String word : preTokenizer.split((String) fragment)) {
                    for (int id : encodeCached(word)) {
                        out.add(id);
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Text and special-token ids, cutting each special token (longest first) out of the remaining text. */
    private List<Object> partition(String text, boolean parseSpecial) {
        List<Object> fragments = new ArrayList<>(List.of(text));
        for (int id : specialsLongestFirst) {
            if (!parseSpecial && types[id] != USER_DEFINED) {
                continue;
            }
            String literal = tokens[id];
            List<Object> next = new ArrayList<>();
            for (Object fragment : fragments) {
                if (!(fragment instanceof String)) {
                    next.add(fragment);
                    continue;
                }
                String s = (String) fragment;
                int from = 0;
                for (int at = s.indexOf(literal); at >= 0; at = s.indexOf(literal, from)) {
                    if (at > from) {
                        next.add(s.substring(from, at));
                    }
                    next.add(id);
                    from = at + literal.length();
                }
                if (from < s.length()) {
                    next.add(s.substring(from));
                }
            }
            fragments = next;
        }
        return fragments;
    }

    /** Words repeat a lot in text; the cache is bounded so that arbitrary input cannot grow it without end. */
    private int[] encodeCached(String word) {
        int[] ids = wordCache.get(word);
        if (ids == null) {
            ids = encodeWord(word);
            if (wordCache.size() < WORD_CACHE_LIMIT) {
                wordCache.put(word, ids);
            }
        }
        return ids;
    }

    private int[] encodeWord(String word) {
        List<Integer> out = new ArrayList<>();
        for (String symbol : merger.merge(ByteLevel.encode(word))) {
            Integer id = ids.get(symbol);
            if (id != null) {
                out.add(id);
            } else {
                // as llama.cpp: fall back to one-byte (ASCII) tokens, dropping what has none
                for (char c : symbol.toCharArray()) {
                    Integer single = c < 0x80 ? ids.get(String.valueOf(c)) : null;
                    if (single != null) {
                        out.add(single);
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            appendBytes(id, bytes);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String piece(int id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        appendBytes(id, bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** UTF-8 bytes of one token: special tokens literally, others through the byte-level alphabet. */
    public byte[] bytes(int id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        appendBytes(id, bytes);
        return bytes.toByteArray();
    }

    private void appendBytes(int id, ByteArrayOutputStream out) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + tokens.length);
        }
        if (isSpecial(types[id])) {
            out.writeBytes(tokens[id].getBytes(StandardCharsets.UTF_8));
        } else {
            ByteLevel.decode(tokens[id], out);
        }
    }

    /** The stored text of a token (byte-level alphabet for ordinary tokens). */
    public String token(int id) {
        return tokens[id];
    }

    /** The GGUF token type (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte). */
    public int tokenType(int id) {
        return types[id];
    }
}

package org.lmlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The inputs executed in this kernel session, answering history_request (tail, range, search). */
final class History {

    /** One stored input; {@code line} is its execution count. */
    record Entry(int session, int line, String input, String output) {
    }

    static final int SESSION = 1;
    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(SESSION, line, input, output));
    }

    synchronized List<Entry> tail(int n) {
        int count = n <= 0 ? entries.size() : Math.min(n, entries.size());
        return List.copyOf(entries.subList(entries.size() - count, entries.size()));
    }

    /** Lines {@code start} (inclusive) to {@code stop} (exclusive); stop ≤ 0 means to the end. */
    synchronized List<Entry> range(int start, int stop) {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.line() >= start && (stop <= 0 || entry.line() < stop)) {
                result.add(entry);
            }
        }
        return result;
    }

    /** Inputs matching a glob ({@code *} and {@code ?}), newest n, optionally without repeats. */
    synchronized List<Entry> search(String pattern, int n, boolean unique) {
        Pattern glob = globToRegex(pattern);
        Map<String, Entry> matched = new LinkedHashMap<>();
        List<Entry> all = new ArrayList<>();
        for (Entry entry : entries) {
            if (glob.matcher(entry.input()).matches()) {
                if (unique) {
                    matched.remove(entry.input());
                    matched.put(entry.input(), entry);
                } else {
                    all.add(entry);
                }
            }
        }
        List<Entry> result = unique ? new ArrayList<>(matched.values()) : all;
        return n > 0 && result.size() > n ? result.subList(result.size() - n, result.size()) : result;
    }

    private static Pattern globToRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}

package org.lmlab.magics.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An option that takes one number for every task and, optionally, another for named tasks:
 * {@code 5} or {@code 5,addition=2} (copy and the others 5, addition 2).
 */
final class PerTaskValue {

    private PerTaskValue() {
    }

    /**
     * The value of {@code spec} for each of {@code tasks} (lower-case names).
     *
     * @throws IllegalArgumentException naming the option, for a malformed spec, a task not studied,
     *     or a task without a value
     */
    static Map<String, Integer> parse(String option, String spec, List<String> tasks) {
        Integer all = null;
        Map<String, Integer> named = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                if (all != null) {
                    throw new IllegalArgumentException(option + " " + spec + ": give one value for all tasks, then "
                            + "TASK=VALUE for the others (e.g. 5,addition=2)");
                }
                all = number(option, spec, p);
            } else {
                String task = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (!tasks.contains(task)) {
                    throw new IllegalArgumentException(option + " " + spec + ": '" + task + "' is not among --tasks "
                            + String.join(",", tasks));
                }
                named.put(task, number(option, spec, p.substring(eq + 1).strip()));
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String t : tasks) {
            Integer v = named.getOrDefault(t, all);
            if (v == null) {
                throw new IllegalArgumentException(option + " " + spec + " gives no value for " + t);
            }
            out.put(t, v);
        }
        return out;
    }

    private static int number(String option, String spec, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + spec + ": '" + text + "' is not a whole number");
        }
    }
}

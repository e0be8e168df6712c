package org.lmlab.model.extrapolation.sweep;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.MethodCatalog;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.model.rope.RopeScalingJson;

/**
 * One method of a sweep as a user writes it ({@code yarn:4}, {@code sinks:4+2000}), resolved to an
 * {@link Extrapolation}. The spec text is kept as written (stripped) and names the method in the
 * results table; {@link #parameters()} states every value the method runs with, defaults included.
 *
 * <p>Forms ({@code N} a number, {@code T} a whole number of tokens):
 * <ul>
 *   <li>{@code none}: the checkpoint as trained;</li>
 *   <li>{@code linear:N}, {@code ntk:N}, {@code dynamic:N}, {@code yarn:N}, {@code llama3:N}: a RoPE scaling
 *       by factor N, other keys at their defaults, read through {@link RopeScalingJson} (YaRN and Llama 3
 *       take the model's trained context as {@code original_max_position_embeddings}; Llama 3 the band
 *       1/4 every Llama 3.x config states);</li>
 *   <li>{@code lminfinite}, {@code lminfinite:GLOBAL+LOCAL}, {@code lminfinite:GLOBAL+LOCAL+CAP}: LM-Infinite
 *       (defaults 100 global, local = cap = the trained context);</li>
 *   <li>{@code sinks}, {@code sinks:START+RECENT}: StreamingLLM (defaults 4 + 2000);</li>
 *   <li>{@code sliding:T}: a sliding window of T keys;</li>
 *   <li>{@code nope}, {@code alibi}, {@code alibi:MAXBIAS}.</li>
 * </ul>
 * Windowed and scaled forms combine with {@code /}: {@code yarn:4/sinks:4+2000}.
 *
 * @param spec       the spec as written (stripped), the {@code method} column of the results
 * @param parameters every value the method runs with, e.g. {@code factor=4, original=8192}
 * @param method     the method the decoder applies
 */
public record MethodSpec(String spec, String parameters, Extrapolation method) {

    /** The method names a spec may start with. */
    public static final List<String> NAMES = List.of("none", "linear", "ntk", "dynamic", "yarn", "llama3", "lminfinite",
            "sinks", "sliding", "nope", "alibi");

    private static final List<String> SCALINGS = List.of("linear", "ntk", "dynamic", "yarn", "llama3");
    private static final List<String> WINDOWS = List.of("lminfinite", "sinks", "sliding");

    public MethodSpec {
        if (spec == null || parameters == null || method == null) {
            throw new IllegalArgumentException("spec, parameters and method are required");
        }
    }

    /**
     * Parses {@code spec} for a model trained at {@code trainedContext} positions.
     *
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    public static MethodSpec parse(String spec, int trainedContext) {
        if (trainedContext <= 0) {
            throw new IllegalArgumentException("trained context must be > 0 positions, got " + trainedContext);
        }
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty method spec; write one of " + String.join(", ", NAMES)
                    + " (e.g. yarn:4, sinks:4+2000)");
        }
        String s = spec.strip();
        String[] parts = s.split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("method '" + s + "': at most one RoPE scaling and one window, "
                    + "joined by '/' (e.g. yarn:4/sinks:4+2000)");
        }
        List<MethodSpec> pieces = new ArrayList<>();
        for (String part : parts) {
            pieces.add(one(part.strip(), s, trainedContext));
        }
        if (pieces.size() == 1) {
            return new MethodSpec(s, pieces.get(0).parameters(), pieces.get(0).method());
        }
        MethodSpec a = pieces.get(0);
        MethodSpec b = pieces.get(1);
        boolean aScales = a.method().window() instanceof Window.Full;
        boolean bWindows = b.method().positions().equals(Extrapolation.none().positions());
        if (!aScales || !bWindows || a.method().isNone() || b.method().isNone()) {
            throw new IllegalArgumentException("method '" + s + "': write SCALING/WINDOW, a RoPE scaling (linear, ntk, "
                    + "dynamic, yarn, llama3) then a window (lminfinite, sinks, sliding)");
        }
        return new MethodSpec(s, a.parameters() + "; " + b.parameters(), a.method().withWindow(b.method().window()));
    }

    private static MethodSpec one(String part, String whole, int trained) {
        int colon = part.indexOf(':');
        String name = (colon < 0 ? part : part.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : part.substring(colon + 1).strip();
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown method '" + name + "' in '" + whole + "'; one of "
                    + String.join(", ", NAMES));
        }
        if (arg != null && arg.isEmpty()) {
            throw new IllegalArgumentException("method '" + whole + "': nothing after ':'");
        }
        if (SCALINGS.contains(name)) {
            if (arg == null) {
                throw new IllegalArgumentException("method '" + whole + "': " + name + " needs a factor, e.g. " + name
                        + ":4");
            }
            return scaling(name, number(arg, "factor", whole), whole, trained);
        }
        if (WINDOWS.contains(name)) {
            return window(name, arg, whole, trained);
        }
        return switch (name) {
            case "none", "nope" -> {
                noArgument(name, arg, whole);
                yield new MethodSpec(part, "", MethodCatalog.build(name, Map.of(), null));
            }
            case "alibi" -> {
                double maxBias = arg == null ? 8 : number(arg, "max bias", whole);
                yield new MethodSpec(part, "max_bias=" + format(maxBias),
                        MethodCatalog.build(name, Map.of("--max-bias", maxBias), null));
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static MethodSpec scaling(String name, double factor, String whole, int trained) {
        JsonObject config = new JsonObject();
        config.addProperty("rope_type", name);
        config.addProperty("factor", factor);
        if (name.equals("yarn") || name.equals("llama3")) {
            config.addProperty("original_max_position_embeddings", trained);
        }
        if (name.equals("llama3")) {
            config.addProperty("low_freq_factor", 1.0);
            config.addProperty("high_freq_factor", 4.0);
        }
        RopeScaling scaling;
        try {
            scaling = RopeScalingJson.parse(config).scaling();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method '" + whole + "': " + e.getMessage(), e);
        }
        StringBuilder p = new StringBuilder("factor=" + format(factor));
        if (scaling instanceof RopeScaling.Yarn y) {
            p.append(", original=").append(trained).append(", beta_fast=").append(format(y.betaFast()))
                    .append(", beta_slow=").append(format(y.betaSlow())).append(", attention_factor=")
                    .append(format(y.effectiveAttentionFactor()));
        } else if (scaling instanceof RopeScaling.Llama3 l) {
            p.append(", original=").append(trained).append(", low_freq_factor=").append(format(l.lowFreqFactor()))
                    .append(", high_freq_factor=").append(format(l.highFreqFactor()));
        } else if (scaling instanceof RopeScaling.DynamicNtk) {
            p.append(", max_position_embeddings=checkpoint's");
        }
        return new MethodSpec(whole, p.toString(), Extrapolation.rope(scaling));
    }

    private static MethodSpec window(String name, String arg, String whole, int trained) {
        List<Integer> n = arg == null ? List.of() : tokens(arg, whole);
        Map<String, Double> options = new LinkedHashMap<>();
        String parameters;
        switch (name) {
            case "sliding" -> {
                if (n.size() != 1) {
                    throw new IllegalArgumentException("method '" + whole + "': write sliding:WINDOW, e.g. sliding:1024");
                }
                options.put("--window", (double) n.get(0));
                parameters = "window=" + n.get(0);
            }
            case "sinks" -> {
                if (n.size() == 1 || n.size() > 2) {
                    throw new IllegalArgumentException("method '" + whole + "': write sinks or sinks:START+RECENT, "
                            + "e.g. sinks:4+2000");
                }
                int start = n.isEmpty() ? 4 : n.get(0);
                int recent = n.isEmpty() ? 2000 : n.get(1);
                options.put("--start", (double) start);
                options.put("--recent", (double) recent);
                parameters = "start=" + start + ", recent=" + recent;
            }
            case "lminfinite" -> {
                if (n.size() == 1 || n.size() > 3) {
                    throw new IllegalArgumentException("method '" + whole + "': write lminfinite, "
                            + "lminfinite:GLOBAL+LOCAL or lminfinite:GLOBAL+LOCAL+CAP, e.g. lminfinite:100+2048");
                }
                int global = n.isEmpty() ? 100 : n.get(0);
                int local = n.size() >= 2 ? n.get(1) : trained;
                int cap = n.size() == 3 ? n.get(2) : local;
                options.put("--global", (double) global);
                options.put("--local", (double) local);
                options.put("--cap", (double) cap);
                parameters = "global=" + global + ", local=" + local + ", cap=" + cap;
            }
            default -> throw new IllegalStateException(name);
        }
        try {
            return new MethodSpec(whole, parameters, MethodCatalog.build(name, options, null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method '" + whole + "': " + e.getMessage(), e);
        }
    }

    private static void noArgument(String name, String arg, String whole) {
        if (arg != null) {
            throw new IllegalArgumentException("method '" + whole + "': " + name + " takes no parameters; write '"
                    + name + "'");
        }
    }

    private static double number(String text, String what, String whole) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method '" + whole + "': the " + what + " '" + text + "' is not a number");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("method '" + whole + "': the " + what + " must be a finite number > 0, got "
                    + text);
        }
        return v;
    }

    private static List<Integer> tokens(String arg, String whole) {
        List<Integer> out = new ArrayList<>();
        for (String t : arg.split("\\+", -1)) {
            String x = t.strip();
            try {
                int v = Integer.parseInt(x);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("method '" + whole + "': '" + x + "' is not a whole number of tokens"
                        + " >= 0");
            }
        }
        return out;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return spec + (parameters.isEmpty() ? "" : " (" + parameters + ")");
    }
}

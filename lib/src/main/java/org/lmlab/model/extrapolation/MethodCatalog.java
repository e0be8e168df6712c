package org.lmlab.model.extrapolation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.model.rope.RopeScalingJson;
import org.lmlab.table.Table;

/**
 * Every extrapolation method by name, with its parameters, defaults and source: what
 * {@code %extrapolate methods} lists and {@code %extrapolate use} builds. RoPE scalings are named
 * by their config.json {@code rope_type} (parameters: its keys, read by {@link RopeScalingJson});
 * windows and position schemes are built here.
 */
public final class MethodCatalog {

    /** One parameter: the option that sets it, its default ("required" when none) and meaning. */
    public record Parameter(String option, String defaultValue, String meaning) {}

    /** One method. {@code family} is "window", "positions" or "rope scaling". */
    public record Method(String name, String family, String summary, String source, List<Parameter> parameters) {}

    private static final List<Method> OWN = List.of(
            new Method("none", "positions", "the checkpoint as trained: its RoPE (and the scaling its config declares), "
                    + "full causal attention", "", List.of()),
            new Method("sliding", "window", "each query reads the W most recent keys, itself included",
                    "Beltagy et al. 2020 (Longformer); Jiang et al. 2023 (Mistral)",
                    List.of(new Parameter("--window", "required", "W, keys each query reads"))),
            new Method("lminfinite", "window", "Λ-shaped attention: a band of recent keys at their true distance plus "
                    + "the first keys, which outside the band are scored at distance cap",
                    "Han et al. 2024, LM-Infinite (github.com/Glaciohound/LM-Infinite)",
                    List.of(new Parameter("--global", "100", "first tokens every query reads (authors: 10-100)"),
                            new Parameter("--local", "trained context", "width of the recent band"),
                            new Parameter("--cap", "local", "distance global keys outside the band are scored at"))),
            new Method("sinks", "window", "StreamingLLM: the first tokens (attention sinks) plus a recent window; "
                    + "distances measured inside that cache, evicting the rest",
                    "Xiao et al. 2024, StreamingLLM (github.com/mit-han-lab/streaming-llm)",
                    List.of(new Parameter("--start", "4", "sink tokens kept from the start"),
                            new Parameter("--recent", "2000", "recent tokens kept, the query included"))),
            new Method("nope", "positions", "no positional encoding: queries and keys are not rotated",
                    "Kazemnejad et al. 2023", List.of()),
            new Method("alibi", "positions", "no rotation; each head subtracts slope × distance from its scores",
                    "Press et al. 2022, ALiBi", List.of(new Parameter("--max-bias", "8",
                            "slopes are 2^(-max_bias·h/heads), h = 1..heads"))));

    private MethodCatalog() {
    }

    /** Windows and position schemes, then the RoPE scalings. */
    public static List<Method> all() {
        List<Method> out = new ArrayList<>(OWN);
        for (String type : RopeScalingJson.types()) {
            List<Parameter> parameters = new ArrayList<>();
            for (String key : RopeScalingJson.keys(type)) {
                parameters.add(new Parameter(key, "see transformers", "config.json key " + key));
            }
            out.add(new Method(type, "rope scaling", "RoPE scaling rope_type \"" + type + "\"",
                    "transformers v5.0.0 modeling_rope_utils.py", parameters));
        }
        return out;
    }

    /** The names of the windows and position schemes built by {@link #build}. */
    public static List<String> ownNames() {
        return OWN.stream().map(Method::name).toList();
    }

    /** The method called {@code name}, if any. */
    public static Optional<Method> find(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The window or position method {@code name} with {@code given} parameters (option to value),
     * over {@code rope} positions (RoPE with a scaling, or null for the checkpoint's).
     *
     * @throws IllegalArgumentException for an unknown name or option, a missing or bad value
     */
    public static Extrapolation build(String name, Map<String, Double> given, Positions rope) {
        Method m = ownNames().contains(name) ? find(name).orElseThrow() : null;
        if (m == null) {
            throw new IllegalArgumentException("unknown method '" + name + "'; one of " + String.join(", ", names()));
        }
        Map<String, Double> p = new LinkedHashMap<>(given);
        for (String option : p.keySet()) {
            if (m.parameters().stream().noneMatch(x -> x.option().equals(option))) {
                throw new IllegalArgumentException(option + " does not apply to " + name + (m.parameters().isEmpty()
                        ? ", which takes no parameters"
                        : "; its parameters: " + String.join(", ", m.parameters().stream().map(Parameter::option).toList())));
            }
        }
        Positions positions = rope != null ? rope : new Positions.Rope(null);
        return switch (name) {
            case "none" -> new Extrapolation(positions, new Window.Full());
            case "sliding" -> new Extrapolation(positions, new Window.Sliding(count(p, "--window", -1)));
            case "lminfinite" -> new Extrapolation(positions,
                    new Window.LmInfinite(count(p, "--global", 100), count(p, "--local", 0), count(p, "--cap", 0)));
            case "sinks" -> new Extrapolation(positions,
                    new Window.Sinks(count(p, "--start", 4), count(p, "--recent", 2000)));
            case "nope" -> new Extrapolation(new Positions.NoPE(), new Window.Full());
            case "alibi" -> new Extrapolation(new Positions.Alibi(p.getOrDefault("--max-bias", 8.0)), new Window.Full());
            default -> throw new IllegalStateException(name);
        };
    }

    /** Every method name. */
    public static List<String> names() {
        return all().stream().map(Method::name).toList();
    }

    private static int count(Map<String, Double> p, String option, int fallback) {
        Double v = p.get(option);
        if (v == null) {
            if (fallback < 0) {
                throw new IllegalArgumentException(option + " is required");
            }
            return fallback;
        }
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be a whole number of tokens >= 0, got " + v);
        }
        return v.intValue();
    }

    /** The catalogue as a table: method, family, parameter, default, meaning, source (one row per parameter). */
    public static Table toTable(BufferAllocator allocator, String source) {
        List<String[]> rows = new ArrayList<>();
        for (Method m : all()) {
            if (m.parameters().isEmpty()) {
                rows.add(new String[] {m.name(), m.family(), "", "", m.summary(), m.source()});
            }
            for (Parameter x : m.parameters()) {
                rows.add(new String[] {m.name(), m.family(), x.option(), x.defaultValue(), x.meaning(), m.source()});
            }
        }
        String[][] columns = new String[6][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < 6; c++) {
                columns[c][r] = rows.get(r)[c];
            }
        }
        return Table.builder(allocator, source)
                .utf8("method", columns[0]).utf8("family", columns[1]).utf8("parameter", columns[2])
                .utf8("default", columns[3]).utf8("meaning", columns[4]).utf8("source", columns[5])
                .build();
    }
}

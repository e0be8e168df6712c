package org.lmlab.magics.extrapolate;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.model.ModelMagic;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.MethodCatalog;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeConfig;
import org.lmlab.model.rope.RopeScalingJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code %extrapolate use METHOD}: runs the loaded model with a method from now on, weights kept. */
@Command(name = "use", description = "Run the loaded model with an extrapolation method from now on (the weights stay "
        + "loaded): a RoPE scaling (its config.json rope_type and keys), a window (sliding, lminfinite, sinks), "
        + "a position scheme (nope, alibi), or none to return to the checkpoint as trained. %%perplexity, "
        + "%%generate and the Java variable `model` then run with it; %%model info shows it.",
        footer = {"", "A window combines with a RoPE scaling given as --rope-scaling JSON. Defaults follow the",
                "authors' code: LM-Infinite global 100, local = cap = the trained context; sinks 4 + 2000.",
                "%%extrapolate methods lists every method and parameter.", "", "Examples:",
                "  %%extrapolate use yarn --factor 4 --original 2048",
                "  %%extrapolate use --rope-scaling '{\"rope_type\":\"linear\",\"factor\":2}'",
                "  %%extrapolate use lminfinite --local 2048",
                "  %%extrapolate use sinks --start 4 --recent 2000",
                "  %%extrapolate use sliding --window 1024 --rope-scaling '{\"rope_type\":\"yarn\",\"factor\":2}'",
                "  %%extrapolate use none"})
final class UseCommand implements MagicCommand {

    @Mixin
    HelpOption help;

    @ParentCommand
    ExtrapolateMagic parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "METHOD", completionCandidates = AllNames.class,
            description = "The method: ${COMPLETION-CANDIDATES}.")
    String method;

    @Mixin
    MethodOptions parameters;

    @Option(names = "--rope-scaling", paramLabel = "JSON", description = "A config.json rope_scaling (or "
            + "rope_parameters) object: alone, that scaling with full attention; with a window, the window over it.")
    String ropeScaling;

    @Option(names = "--base", paramLabel = "THETA", description = "Another RoPE base (rope_theta; llama.cpp's "
            + "rope_freq_base) under the scaling (default: the checkpoint's).")
    Double base;

    @Option(names = "--window", paramLabel = "W", description = "sliding: keys each query reads, itself included.")
    Double window;

    @Option(names = "--global", paramLabel = "G", description = "lminfinite: first tokens every query reads "
            + "(default 100).")
    Double global;

    @Option(names = "--local", paramLabel = "L", description = "lminfinite: width of the recent band (default: the "
            + "trained context).")
    Double local;

    @Option(names = "--cap", paramLabel = "C", description = "lminfinite: distance global keys outside the band are "
            + "scored at (default: local; at most local).")
    Double cap;

    @Option(names = "--start", paramLabel = "S", description = "sinks: sink tokens kept from the start (default 4).")
    Double start;

    @Option(names = "--recent", paramLabel = "R", description = "sinks: recent tokens kept, the query included "
            + "(default 2000).")
    Double recent;

    @Option(names = "--max-bias", paramLabel = "M", description = "alibi: slopes 2^(-M·h/heads) (default 8).")
    Double maxBias;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        Extrapolation chosen = choose(usage);
        LanguageModel model = parent.loadedModel().orElseThrow(() -> new MagicUsageException(
                "no model is loaded; load one first", "%model load smollm2-135m"));
        try {
            model.use(chosen);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage() + " (the model is unchanged: " + model.method() + ")", usage);
        }
        int ctx = model.contextLength();
        return ModelMagic.text(model.name() + " now runs with " + (chosen.isNone() ? "no extrapolation (as trained)"
                : chosen.label()) + "; inputs up to " + (ctx == Integer.MAX_VALUE ? "any length" : ctx + " positions"));
    }

    /** The method the arguments describe; a usage error for anything that does not fit. */
    private Extrapolation choose(String usage) throws MagicUsageException {
        Map<String, Double> windowOptions = windowOptions();
        if (method == null) {
            if (ropeScaling == null) {
                throw new MagicUsageException("name a method (or give --rope-scaling JSON); "
                        + "%extrapolate methods lists them", usage);
            }
            requireNone(windowOptions, "--rope-scaling alone", usage);
            return Extrapolation.window(new Window.Full()).withPositions(rope(usage));
        }
        if (!MethodCatalog.names().contains(method)) {
            throw new MagicUsageException("unknown method '" + method + "'; one of "
                    + String.join(", ", MethodCatalog.names()), usage);
        }
        if (Methods.names().contains(method)) {
            requireNone(windowOptions, "RoPE scaling " + method, usage);
            if (ropeScaling != null) {
                throw new MagicUsageException("give the scaling either as " + method + " with its options or as "
                        + "--rope-scaling JSON, not both", usage);
            }
            return Extrapolation.rope(null).withPositions(new Positions.Rope(
                    Methods.build(method, parameters.given(), usage), base == null ? 0 : base));
        }
        if (!parameters.given().isEmpty()) {
            throw new MagicUsageException(String.join(", ", parameters.given().keySet()) + " set a RoPE scaling's "
                    + "parameters; with " + method + " give the scaling as --rope-scaling JSON", usage);
        }
        try {
            Positions positions = ropeScaling != null || base != null ? rope(usage) : null;
            return MethodCatalog.build(method, windowOptions, positions);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(method + ": " + e.getMessage(), usage);
        }
    }

    private Positions rope(String usage) throws MagicUsageException {
        if (ropeScaling == null) {
            return new Positions.Rope(null, base);
        }
        try {
            RopeConfig config = RopeScalingJson.parse(ropeScaling);
            double theta = base != null ? base : config.ropeTheta().orElse(0);
            return new Positions.Rope(config.scaling(), theta);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException("--rope-scaling: " + e.getMessage(), usage);
        }
    }

    private Map<String, Double> windowOptions() {
        Map<String, Double> given = new LinkedHashMap<>();
        put(given, "--window", window);
        put(given, "--global", global);
        put(given, "--local", local);
        put(given, "--cap", cap);
        put(given, "--start", start);
        put(given, "--recent", recent);
        put(given, "--max-bias", maxBias);
        return given;
    }

    private static void put(Map<String, Double> given, String option, Double value) {
        if (value != null) {
            given.put(option, value);
        }
    }

    private static void requireNone(Map<String, Double> windowOptions, String what, String usage)
            throws MagicUsageException {
        if (!windowOptions.isEmpty()) {
            throw new MagicUsageException(String.join(", ", windowOptions.keySet()) + " do not apply to " + what
                    + "; a window takes them (e.g. %extrapolate use sinks --start 4 --recent 2000 --rope-scaling ...)",
                    usage);
        }
    }

    /** Every method name, for help and Tab completion. */
    static final class AllNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return MethodCatalog.names().iterator();
        }
    }
}

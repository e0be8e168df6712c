package org.lmlab.magics.extrapolate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.extrapolation.sweep.plot.AccuracyGrids;
import org.lmlab.model.extrapolation.sweep.plot.CurveChart;
import org.lmlab.model.extrapolation.sweep.plot.LengthCurves;
import org.lmlab.model.extrapolation.sweep.plot.Metric;
import org.lmlab.model.extrapolation.sweep.plot.PositionCurves;
import org.lmlab.model.extrapolation.sweep.plot.SweepChart;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.plot.RopePlots;
import org.lmlab.plot.Chart;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code %extrapolate plot KIND}: charts comparing extrapolation methods, shown inline. frequencies
 * draws RoPE wavelengths (org.lmlab.model.rope.plot); ppl, passkey and positions draw a sweep's
 * results table (org.lmlab.model.extrapolation.sweep.plot). Each option names the kinds it serves
 * in {@link #ONLY}; one given to another kind is refused.
 */
@Command(name = "plot", description = "Charts comparing extrapolation methods, shown inline. frequencies: the "
        + "wavelength of each rotary pair (log scale) per method, with the original context as a flat line, as in "
        + "the YaRN paper. From a sweep's results table (--table): ppl, perplexity (or mean NLL) against input "
        + "length per method on a base-2 length axis; passkey, accuracy over trials as a length × depth heat map "
        + "per method, each cell written k/n; positions, mean NLL by token position at one length per method. "
        + "The trained context is marked (--trained, else the loaded model's when the table is of it).",
        footer = {"", "Methods of frequencies are METHOD or METHOD:FACTOR: default, linear:F, dynamic:F, ntk:F,",
                "yarn:F, llama3:F (yarn with betas 32/1, llama3 with low/high_freq_factor 1/4;",
                "original_max_position_embeddings = --original). Without a loaded model: --head-dim 64,",
                "--base 10000, --original 2048. Methods of ppl, passkey and positions are the table's",
                "(method column), drawn in the order given. ppl puts perplexity on a log y axis by default, so a",
                "method that explodes past the trained context stays on the chart; --ymax caps the axis instead",
                "(lines above leave the top). Mean NLL and positions use a linear y axis.", "",
                "Examples:", "  %%extrapolate plot frequencies",
                "  %%extrapolate plot frequencies --methods default,linear:8,yarn:8,llama3:8 --original 8192",
                "  %%extrapolate plot frequencies --head-dim 128 --base 500000 --original 8192",
                "  %%extrapolate plot frequencies --methods default,dynamic:4 --seq-len 8192 --save wavelengths.svg",
                "  %%extrapolate plot ppl --table sweep",
                "  %%extrapolate plot ppl --table sweep --metric nll --methods none,yarn:4 --trained 2048",
                "  %%extrapolate plot ppl --table sweep --y-scale linear --ymax 30 --save ppl.svg",
                "  %%extrapolate plot passkey --table keys --save passkey.png",
                "  %%extrapolate plot positions --table sweep --length 8k --ymax 8"})
final class PlotCommand implements MagicCommand {

    /** What {@code %extrapolate plot} draws. */
    enum Kind {
        frequencies, ppl, passkey, positions
    }

    /** What {@code --metric} chooses. */
    enum MetricName {
        ppl, nll
    }

    /** What {@code --y-scale} chooses. */
    enum YScale {
        log, linear
    }

    static final String DEFAULT_METHODS = "default,linear:4,ntk:4,yarn:4,llama3:4";
    static final GeometryOptions.Fallback PAPER = new GeometryOptions.Fallback(64, 10000.0, 2048);

    private static final Set<Kind> TABLES = EnumSet.of(Kind.ppl, Kind.passkey, Kind.positions);
    private static final Set<Kind> CURVES = EnumSet.of(Kind.ppl, Kind.positions);

    /** The kinds an option serves; options not listed serve every kind. */
    static final Map<String, Set<Kind>> ONLY = Map.of(
            "--head-dim", EnumSet.of(Kind.frequencies), "--base", EnumSet.of(Kind.frequencies),
            "--partial-rotary-factor", EnumSet.of(Kind.frequencies), "--seq-len", EnumSet.of(Kind.frequencies),
            "--table", TABLES, "--metric", EnumSet.of(Kind.ppl), "--length", EnumSet.of(Kind.positions),
            "--y-scale", CURVES, "--ymax", CURVES);

    @Mixin
    HelpOption help;

    @ParentCommand
    ExtrapolateMagic parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "What to plot: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Option(names = "--methods", paramLabel = "LIST", description = "Methods, comma-separated. frequencies: each "
            + "METHOD or METHOD:FACTOR (default: " + DEFAULT_METHODS + "). ppl, passkey, positions: the table's "
            + "methods to draw, in this order (default: all, in table order).")
    String methods;

    @Mixin
    GeometryOptions geometry;

    @Option(names = {"--original", "--trained"}, paramLabel = "N", description = "The trained context. frequencies: "
            + "original_max_position_embeddings of yarn and llama3, max_position_embeddings of dynamic, and the flat "
            + "line (default: the loaded model's context, else 2048). ppl, passkey, positions: marked on the length "
            + "or position axis (default: the loaded model's context when the table's rows are of that model, else "
            + "no mark).")
    Integer original;

    @Option(names = "--seq-len", defaultValue = "0", paramLabel = "N", description = "frequencies: seq_len for dynamic; "
            + "0: not given, so dynamic draws as default (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--table", paramLabel = "NAME", description = "ppl, passkey, positions: the sweep's results table "
            + "(%%extrapolate sweep --as NAME, or one loaded with %%table load).")
    String table;

    @Option(names = "--metric", paramLabel = "M", description = "ppl: what y shows, ppl (perplexity) or nll (mean "
            + "NLL per token; default: ppl).")
    MetricName metric;

    @Option(names = "--length", paramLabel = "N", converter = TokenCount.class, description = "positions: the input "
            + "length whose curves to draw, tokens or k = 1024 (default: the longest in the table).")
    Integer length;

    @Option(names = "--y-scale", paramLabel = "S", description = "ppl, positions: a log or linear y axis (default: "
            + "log for perplexity, linear for NLL).")
    YScale yScale;

    @Option(names = "--ymax", paramLabel = "Y", description = "ppl, positions: the top of the y axis; lines above it "
            + "leave the top of the plot (default: fit every value).")
    Double yMax;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: says what is drawn).")
    String title;

    @Option(names = "--save", paramLabel = "PATH", description = "Also write the chart to PATH (.png, .svg or .pdf).")
    Path save;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        checkOptionsServe(usage);
        if (original != null && original < 1) {
            throw new MagicUsageException((kind == Kind.frequencies ? "--original" : "--trained")
                    + " must be a context length >= 1, not " + original, usage);
        }
        Chart chart = kind == Kind.frequencies ? frequencies(context, usage) : fromTable(context, usage);
        if (save != null) {
            chart.save(save);
            context.out().println("Saved the chart to " + save.toAbsolutePath());
        }
        return chart;
    }

    /** Refuses an option given to a kind it does not serve, naming the kinds it does. */
    private void checkOptionsServe(String usage) throws MagicUsageException {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            Set<Kind> serves = ONLY.get(option.longestName());
            if (serves != null && !serves.contains(kind)) {
                throw new MagicUsageException(option.longestName() + " does not apply to plot " + kind + "; it serves "
                        + serves.stream().map(Kind::name).collect(Collectors.joining(", ")), usage);
            }
        }
    }

    private Chart frequencies(MagicContext context, String usage) throws MagicUsageException {
        if (seqLen < 0) {
            throw new MagicUsageException("--seq-len must be 0 (not given) or more, not " + seqLen, usage);
        }
        List<RopePlots.Method> curves = new ArrayList<>();
        for (String method : (methods != null ? methods : DEFAULT_METHODS).split(",", -1)) {
            curves.add(new RopePlots.Method(method.strip(), Methods.parseShort(method, usage)));
        }
        GeometryOptions.Resolved resolved = geometry.resolve(parent.model(), original, OptionalDouble.empty(), PAPER, usage);
        RopeGeometry g = resolved.geometry();
        Chart chart;
        try {
            chart = RopePlots.wavelengths(curves, g, seqLen, title);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
        if (resolved.fromModel() != null) {
            context.out().println(resolved.fromModel());
        }
        return chart;
    }

    private Chart fromTable(MagicContext context, String usage) throws Exception {
        if (table == null) {
            throw new MagicUsageException("plot " + kind + " draws a sweep's results table: give it with --table NAME",
                    usage);
        }
        List<String> chosen = methods == null ? null : methodList(usage);
        Table results = context.table(table);
        try {
            int trained = trainedContext(results, context);
            return switch (kind) {
                case ppl -> curve(LengthCurves.of(results).metric(metric == MetricName.nll ? Metric.NLL : Metric.PPL),
                        chosen, trained);
                case positions -> curve(length == null ? PositionCurves.of(results)
                        : PositionCurves.of(results).length(length), chosen, trained);
                default -> common(AccuracyGrids.of(results), chosen, trained).build();
            };
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException("--table " + table + ": " + e.getMessage(), usage);
        }
    }

    private List<String> methodList(String usage) throws MagicUsageException {
        List<String> list = new ArrayList<>();
        for (String m : methods.split(",", -1)) {
            if (m.isBlank()) {
                throw new MagicUsageException("--methods has an empty entry: '" + methods + "'", usage);
            }
            list.add(m.strip());
        }
        return list;
    }

    private <B extends CurveChart<B>> Chart curve(B chart, List<String> chosen, int trained) {
        if (yScale != null) {
            chart.logY(yScale == YScale.log);
        }
        if (yMax != null) {
            chart.yMax(yMax);
        }
        return common(chart, chosen, trained).build();
    }

    private <B extends SweepChart<B>> B common(B chart, List<String> chosen, int trained) {
        return chart.methods(chosen).trainedContext(trained).title(title);
    }

    /**
     * --trained, else the loaded model's context when every row is of that model; else 0 (no mark),
     * saying why.
     */
    private int trainedContext(Table results, MagicContext context) {
        if (original != null) {
            return original;
        }
        Optional<LoadedRope> model = parent.model();
        Set<String> models = SweepChart.models(results);
        if (model.isPresent() && models.equals(Set.of(model.get().model()))) {
            int trained = model.get().geometry().maxPositionEmbeddings();
            context.out().println("Trained context " + trained + " from the loaded model " + model.get().model());
            return trained;
        }
        context.out().println("No trained-context mark: " + (model.isEmpty() ? "no model is loaded"
                : "the table's rows are of " + String.join(", ", models) + ", not the loaded " + model.get().model())
                + "; pass --trained N to mark it");
        return 0;
    }
}

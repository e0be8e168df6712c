package org.lmlab.magics.extrapolate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.plot.RopePlots;
import org.lmlab.plot.Chart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code %extrapolate plot KIND}: charts comparing scaling methods (org.lmlab.model.rope.plot). */
@Command(name = "plot", description = "Compare scaling methods in one chart, shown inline. frequencies: the "
        + "wavelength of each rotary pair (log scale) per method, with the original context as a flat line, as in "
        + "the YaRN paper.",
        footer = {"", "Methods are METHOD or METHOD:FACTOR: default, linear:F, dynamic:F, ntk:F, yarn:F, llama3:F",
                "(yarn with betas 32/1, llama3 with low/high_freq_factor 1/4; original_max_position_embeddings",
                "= --original). Without a loaded model: --head-dim 64, --base 10000, --original 2048.", "",
                "Examples:", "  %%extrapolate plot frequencies",
                "  %%extrapolate plot frequencies --methods default,linear:8,yarn:8,llama3:8 --original 8192",
                "  %%extrapolate plot frequencies --head-dim 128 --base 500000 --original 8192",
                "  %%extrapolate plot frequencies --methods default,dynamic:4 --seq-len 8192 --save wavelengths.svg"})
final class PlotCommand implements MagicCommand {

    /** What {@code %extrapolate plot} draws. */
    enum Kind {
        frequencies
    }

    static final String DEFAULT_METHODS = "default,linear:4,ntk:4,yarn:4,llama3:4";
    static final GeometryOptions.Fallback PAPER = new GeometryOptions.Fallback(64, 10000.0, 2048);

    @Mixin
    HelpOption help;

    @ParentCommand
    ExtrapolateMagic parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "What to plot: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Option(names = "--methods", defaultValue = DEFAULT_METHODS, paramLabel = "LIST",
            description = "Methods to compare, comma-separated, each METHOD or METHOD:FACTOR (default: "
                    + "${DEFAULT-VALUE}).")
    String methods;

    @Mixin
    GeometryOptions geometry;

    @Option(names = "--original", paramLabel = "N", description = "The trained context: original_max_position_"
            + "embeddings of yarn and llama3, max_position_embeddings of dynamic, and the flat line (default: the "
            + "loaded model's context, else 2048).")
    Integer original;

    @Option(names = "--seq-len", defaultValue = "0", paramLabel = "N", description = "seq_len for dynamic; 0: not "
            + "given, so dynamic draws as default (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: names the geometry).")
    String title;

    @Option(names = "--save", paramLabel = "PATH", description = "Also write the chart to PATH (.png, .svg or .pdf).")
    Path save;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        if (seqLen < 0) {
            throw new MagicUsageException("--seq-len must be 0 (not given) or more, not " + seqLen, usage);
        }
        if (original != null && original < 1) {
            throw new MagicUsageException("--original must be a context length >= 1, not " + original, usage);
        }
        List<RopePlots.Method> curves = new ArrayList<>();
        for (String method : methods.split(",", -1)) {
            curves.add(new RopePlots.Method(method.strip(), Methods.parseShort(method, usage)));
        }
        GeometryOptions.Resolved resolved = geometry.resolve(parent.model(), original, OptionalDouble.empty(), PAPER, usage);
        RopeGeometry g = resolved.geometry();
        Chart chart;
        try {
            chart = switch (kind) {
                case frequencies -> RopePlots.wavelengths(curves, g, seqLen, title);
            };
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
        if (resolved.fromModel() != null) {
            context.out().println(resolved.fromModel());
        }
        if (save != null) {
            chart.save(save);
            context.out().println("Saved the chart to " + save.toAbsolutePath());
        }
        return chart;
    }
}

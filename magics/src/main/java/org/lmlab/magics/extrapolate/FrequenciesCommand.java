package org.lmlab.magics.extrapolate;

import javax.lang.model.SourceVersion;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.table.TableVariables;
import org.lmlab.model.rope.RopeConfig;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code %extrapolate frequencies}: the frequency table of one scaling method (RopeFrequencies.toTable). */
@Command(name = "frequencies", description = "The frequency table of a RoPE scaling method: one row per rotary pair "
        + "with index, inv_freq, wavelength (2 pi / inv_freq, in positions) and attention_factor (the factor on cos "
        + "and sin, the same on every row). It becomes a named table and variable (--as) and is displayed.",
        footer = {"", "Without a loaded model --head-dim and --base are required; with one they, and",
                "--max-position-embeddings, default to the model's. Formulas: transformers v5.0.0",
                "(docs/models.md, \"RoPE scaling\").", "", "Examples:",
                "  %%extrapolate frequencies --method yarn --factor 4 --original 2048 --head-dim 64 --base 10000",
                "  %%extrapolate frequencies --method llama3 --factor 8 --original 8192 --head-dim 128 --base 500000",
                "With a loaded model (%%model load smollm2-135m), its head_dim, base and context are the defaults:",
                "  %%extrapolate frequencies --rope-scaling '{\"rope_type\":\"yarn\",\"factor\":4}' --as yarn4",
                "  %%extrapolate frequencies --method dynamic --factor 4 --seq-len 16384"})
final class FrequenciesCommand implements MagicCommand {

    @Mixin
    HelpOption help;

    @ParentCommand
    ExtrapolateMagic parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ScalingOptions scaling;

    @Mixin
    MethodOptions parameters;

    @Mixin
    GeometryOptions geometry;

    @Option(names = "--max-position-embeddings", paramLabel = "N", description = "max_position_embeddings: the "
            + "model's context, which dynamic needs and original defaults to (default: the loaded model's, else "
            + "unknown).")
    Integer maxPositionEmbeddings;

    @Option(names = "--seq-len", defaultValue = "0", paramLabel = "N", description = "seq_len for dynamic (scales above "
            + "max_position_embeddings) and longrope (long_factor above the original context); 0: not given "
            + "(default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--as", defaultValue = "frequencies", paramLabel = "NAME", description = "Table (and variable) name "
            + "(default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replace", description = "Replace a variable of the same name that is not a Table.")
    boolean replace;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = spec.commandLine().getUsageMessage(Help.Ansi.OFF);
        if (seqLen < 0) {
            throw new MagicUsageException("--seq-len must be 0 (not given) or more, not " + seqLen, usage);
        }
        if (!SourceVersion.isName(name)) {
            throw new MagicUsageException("--as " + name + " is not a Java variable name", usage);
        }
        RopeConfig config = scaling.resolve(parameters, usage);
        GeometryOptions.Resolved resolved = geometry.resolve(parent.model(), maxPositionEmbeddings, config.ropeTheta(),
                GeometryOptions.Fallback.NONE, usage);
        RopeFrequencies frequencies;
        try {
            RopeGeometry applied = config.applyTo(resolved.geometry());
            frequencies = config.scaling().frequencies(applied, seqLen);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(config.scaling().type() + ": " + e.getMessage(), usage);
        }
        TableVariables.claim(context, name, replace, "%extrapolate frequencies --as " + name,
                "%extrapolate frequencies ... --as OTHER_NAME, or --replace");
        Table table = frequencies.toTable(context.tables().allocator(), "%extrapolate frequencies " + config.scaling().type());
        TableVariables.publish(context, name, table);
        if (resolved.fromModel() != null) {
            context.out().println(resolved.fromModel());
        }
        return table;
    }
}

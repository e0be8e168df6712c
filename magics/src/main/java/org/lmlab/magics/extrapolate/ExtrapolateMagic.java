package org.lmlab.magics.extrapolate;

import java.util.Optional;
import java.util.function.Supplier;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.model.ModelSlot;
import org.lmlab.model.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code %extrapolate SUBCOMMAND}: length extrapolation with RoPE scaling (logic in
 * org.lmlab.model.rope). Each subcommand is one class in this package, listed in
 * {@code subcommands} below; it reaches the loaded model through {@code @ParentCommand
 * ExtrapolateMagic parent} and {@link #model()}.
 *
 * <p>Adding a subcommand is one class plus its entry in {@code subcommands}. The two planned ones,
 * for after the attention engine lands:
 * <ul>
 *   <li>{@code use <method> [...]}: {@code @Command(name = "use") final class UseCommand implements
 *       MagicCommand}, with {@code @Parameters String method} (check it with
 *       {@link Methods#requireKnown}), {@code @Mixin MethodOptions} for the method's parameters and
 *       {@code Methods.build(method, parameters.given(), usage)} for the {@code RopeScaling} (or
 *       {@code @Mixin ScalingOptions} as well, to accept {@code --rope-scaling JSON});
 *   <li>{@code methods}: {@code @Command(name = "methods") final class MethodsCommand}, listing
 *       {@link Methods#names()} with {@link Methods#options(String)} and {@link Methods#required(String)}.
 * </ul>
 * Help, usage on bad arguments and the docs/magics.md section follow from the annotations.
 */
@Command(name = "extrapolate", description = "Length extrapolation: run the loaded model with a method (RoPE scaling: "
        + "linear, dynamic and static NTK, YaRN, Llama 3, LongRoPE; windows: sliding, LM-Infinite, attention sinks; "
        + "NoPE, ALiBi), list the methods, run resumable sweeps of methods x lengths, read their results files, plot "
        + "perplexity by length, passkey accuracy and per-position loss, and tabulate or plot RoPE frequencies.",
        subcommands = {UseCommand.class, MethodsCommand.class, SweepCommand.class, ResultsCommand.class,
                FrequenciesCommand.class,
                PlotCommand.class},
        footer = {"", "Examples:",
                "  %%extrapolate use yarn --factor 4 --original 2048",
                "  %%extrapolate use sinks --start 4 --recent 2000",
                "  %%extrapolate use none",
                "  %%extrapolate frequencies --method yarn --factor 4 --original 2048 --head-dim 64 --base 10000",
                "  %%extrapolate frequencies --rope-scaling '{\"rope_type\":\"linear\",\"factor\":4}' --as linear4",
                "  %%extrapolate plot frequencies --methods default,linear:4,ntk:4,yarn:4",
                "(without a loaded model, frequencies needs --head-dim and --base)"})
public final class ExtrapolateMagic {

    @Mixin
    HelpOption help;

    private final Supplier<Optional<LoadedRope>> model;
    private final Supplier<Optional<LanguageModel>> loaded;

    /** Options default to the model in {@code slot}, when one is loaded; {@code use} changes it. */
    public ExtrapolateMagic(ModelSlot slot) {
        this(LoadedRope.of(slot), slot::loaded);
    }

    /** Options default to what {@code model} supplies (tests: a fixed geometry, or none); no model to use. */
    public ExtrapolateMagic(Supplier<Optional<LoadedRope>> model) {
        this(model, Optional::empty);
    }

    ExtrapolateMagic(Supplier<Optional<LoadedRope>> model, Supplier<Optional<LanguageModel>> loaded) {
        this.model = model;
        this.loaded = loaded;
    }

    /** The loaded model itself, for {@code use}. */
    Optional<LanguageModel> loadedModel() {
        return loaded.get();
    }

    /** The loaded model's RoPE facts, if a model is loaded. */
    Optional<LoadedRope> model() {
        return model.get();
    }
}

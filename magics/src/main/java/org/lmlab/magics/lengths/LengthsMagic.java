package org.lmlab.magics.lengths;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.model.ModelSlot;
import org.lmlab.magics.table.TableVariables;
import org.lmlab.model.LanguageModel;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code %lengths stats|fit|compare|winrate|follow|plot|sample}: response-length analysis of a named table, and
 * length tables sampled from the loaded model.
 */
@Command(name = "lengths", description = "Response-length statistics, distribution fits, bootstrap comparisons, "
        + "AlpacaEval win rates, length following and plots over a named table; length tables sampled from the "
        + "loaded model.",
        subcommands = {StatsCommand.class, FitCommand.class, CompareCommand.class,
                WinRateCommand.class, FollowCommand.class, PlotCommand.class, SampleCommand.class},
        footer = {"", "Examples:", "  %%lengths stats --table castillo --value length --by model dataset",
                "  %%lengths fit --table castillo --value length --by model", 
                "  %%lengths compare --table castillo --value length --model model --a m1 --b m2 --pair-by prompt_id",
                "  %%lengths winrate --table annotations", "  %%lengths follow --table runs --target target --length words",
                "  %%lengths plot ecdf --table castillo --value length --by model --fit lognormal",
                "  %%lengths sample --prompts alpaca --prompt-col instruction --k 10 --max-tokens 512 --chat"})
public final class LengthsMagic {

    @Mixin
    HelpOption help;

    private final Supplier<Optional<LanguageModel>> loaded;

    /** Without a model: every subcommand but sample. */
    public LengthsMagic() {
        this(Optional::empty);
    }

    /** {@code sample} draws from the model in {@code slot}. */
    public LengthsMagic(ModelSlot slot) {
        this(slot::loaded);
    }

    LengthsMagic(Supplier<Optional<LanguageModel>> loaded) {
        this.loaded = loaded;
    }

    /** The loaded model, for {@code sample}. */
    Optional<LanguageModel> loadedModel() {
        return loaded.get();
    }

    /** Options every subcommand shares. */
    static class Input {
        @Option(names = "--table", required = true, paramLabel = "NAME", description = "The table to analyse.")
        String table;

        @Option(names = "--by", arity = "1..*", paramLabel = "COL", description = "Group by these columns.")
        List<String> by = new ArrayList<>();

        /** The table, checked for the --by columns and {@code columns}. */
        Table open(MagicContext context, String usage, String... columns) throws Exception {
            List<String> all = new ArrayList<>(by);
            all.addAll(Arrays.asList(columns));
            return context.table(table, all, usage);
        }
    }

    /** The shared options and the length column: stats, fit and compare. */
    static final class Lengths extends Input {
        @Option(names = "--value", required = true, paramLabel = "COL", description = "The length column.")
        String value;
    }

    /** Runs the body, turning bad data into a failure that names the subcommand. */
    interface Body {
        Object run() throws Exception;
    }

    static Object guarded(String what, Body body) throws Exception {
        try {
            return body.run();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MagicFailure("%lengths " + what + ": " + e.getMessage(), e);
        }
    }

    /** Builds a result table in the session's allocator. */
    interface Analysis {
        Table run(BufferAllocator allocator, String source);
    }

    /** Runs {@code analysis} on the session's tables, registers its result as {@code as} and returns it. */
    static Object stored(MagicContext context, String as, String what, String table, Analysis analysis)
            throws Exception {
        return guarded(what, () -> {
            Table result = analysis.run(context.tables().allocator(), "%lengths " + what + " " + table);
            context.tables().put(as, TableVariables.attachProvenance(context, result));
            return result;
        });
    }
}

package org.lmlab.magics.lengths;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.lengths.analysis.PlotGroups;
import org.lmlab.lengths.fit.Family;
import org.lmlab.lengths.plot.LengthPlots;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %lengths plot}: length charts ({@link org.lmlab.lengths.plot.LengthPlots} over {@link org.lmlab.lengths.analysis.PlotGroups}). */
@Command(name = "plot", description = "Charts: hist / ecdf per group with fitted families overlaid (--fit), "
        + "box, violin, meansd (per-prompt mean vs SD; --prompt COL), winrate (win rate vs average length of "
        + "a %%lengths winrate result).")
final class PlotCommand implements MagicCommand {
    enum Kind { HIST, ECDF, BOX, VIOLIN, MEANSD, WINRATE }

    @Mixin
    HelpOption help;
    @Mixin
    LengthsMagic.Input in;

    @Parameters(paramLabel = "KIND", description = "${COMPLETION-CANDIDATES}")
    Kind kind;

    @Option(names = "--value", paramLabel = "COL", description = "The length column (all kinds but winrate).")
    String value;

    @Option(names = "--fit", split = ",", paramLabel = "F", description = "hist/ecdf: families to overlay.")
    List<Family> fit = new ArrayList<>();

    @Option(names = "--bins", defaultValue = "40", paramLabel = "N", description = "hist: bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--prompt", arity = "1..*", paramLabel = "COL", description = "meansd: columns identifying a prompt.")
    List<String> prompt = new ArrayList<>();

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String usage = "%lengths plot KIND --table NAME --value COL [--by COL...]";
        if (kind == Kind.WINRATE) {
            Table t = in.open(context, usage, "avg_length", "win_rate");
            return LengthsMagic.guarded("plot", () -> LengthPlots.winRateVsLength(TableColumns.numbers(t, "avg_length"),
                    TableColumns.numbers(t, "win_rate"),
                    t.columnNames().contains("lc_win_rate") ? TableColumns.numbers(t, "lc_win_rate") : null));
        }
        if (value == null) {
            throw new MagicUsageException("%lengths plot " + kind.name().toLowerCase(Locale.ROOT) + " needs --value", usage);
        }
        List<String> cols = new ArrayList<>(List.of(value));
        cols.addAll(prompt);
        Table t = in.open(context, usage, cols.toArray(String[]::new));
        if (kind == Kind.MEANSD && prompt.isEmpty()) {
            throw new MagicUsageException("%lengths plot meansd needs --prompt COL...", usage);
        }
        return LengthsMagic.guarded("plot", () -> {
            Map<String, double[]> groups = PlotGroups.lengths(t, in.by, value);
            if (kind == Kind.HIST) {
                // counts, edges and drawn bars per bin and group
                MemoryBudget.ofRuntime().require("--bins", bins, 256L * groups.size(), 0);
            }
            return switch (kind) {
                case HIST -> LengthPlots.histogramWithFits(groups, fit, bins);
                case ECDF -> LengthPlots.ecdfWithFits(groups, fit);
                case BOX -> LengthPlots.box(groups);
                case VIOLIN -> LengthPlots.violin(groups);
                default -> LengthPlots.meanVsSd(PlotGroups.promptLengths(t, in.by, prompt, value));
            };
        });
    }
}

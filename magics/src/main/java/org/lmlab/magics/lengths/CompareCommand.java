package org.lmlab.magics.lengths;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.lengths.analysis.CompareRequest;
import org.lmlab.lengths.bootstrap.StatisticBootstrap;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %lengths compare}: a bootstrap interval between two models ({@link org.lmlab.lengths.analysis.CompareRequest}). */
@Command(name = "compare", description = "Bootstrap percentile interval for statistic(A) - statistic(B) between "
        + "two models; with --pair-by, lengths are averaged per pair key and prompts resampled jointly.")
final class CompareCommand implements MagicCommand {
    @Mixin
    HelpOption help;
    @Mixin
    LengthsMagic.Lengths in;

    @Option(names = "--model", defaultValue = "model", paramLabel = "COL", description = "Model column (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--a", required = true, paramLabel = "MODEL", description = "First model.")
    String a;

    @Option(names = "--b", required = true, paramLabel = "MODEL", description = "Second model.")
    String b;

    @Option(names = "--pair-by", arity = "1..*", paramLabel = "COL", description = "Columns that identify a prompt.")
    List<String> pairBy = new ArrayList<>();

    @Option(names = "--stat", defaultValue = "mean", paramLabel = "S", description = "mean, median, sd or pNN (default: ${DEFAULT-VALUE}).")
    String stat;

    @Option(names = "--replicates", defaultValue = "2000", paramLabel = "B", description = "Resamples (default: "
            + "${DEFAULT-VALUE}); 24 bytes of heap each, checked before the first.")
    int replicates;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--level", defaultValue = "0.95", paramLabel = "L", description = "Confidence level (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--as", defaultValue = "lengths_compare", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
    String as;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        List<String> cols = new ArrayList<>(List.of(in.value, model));
        cols.addAll(pairBy);
        String usage = "%lengths compare --table NAME --value COL --a M --b M";
        if (a.equals(b)) {
            throw new MagicUsageException("--a and --b both name model '" + a + "'; give two different models of "
                    + "column '" + model + "'", usage);
        }
        Table t = in.open(context, usage, cols.toArray(String[]::new));
        CompareRequest request = new CompareRequest(in.value, in.by, model, a, b, pairBy, stat, replicates, seed, level);
        return LengthsMagic.stored(context, as, "compare", in.table, (alloc, source) -> {
            // before any resample: a count too large for the heap is refused with the largest that fits
            MemoryBudget.ofRuntime().require("--replicates", replicates, StatisticBootstrap.BYTES_PER_REPLICATE,
                    4L * Double.BYTES * t.rowCount());
            return request.run(t, alloc, source);
        });
    }
}

package org.lmlab.magics.scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.table.TableMagic;
import org.lmlab.scaling.ChinchillaFit;
import org.lmlab.scaling.ChinchillaFitter;
import org.lmlab.scaling.ComputeOptimal;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.Runs;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %scaling fit|optimal}: Chinchilla-style L(N, D) fits of a table of training runs. */
@Command(name = "scaling", description = "Fit scaling laws to training runs and read off compute-optimal sizes.",
        subcommands = {ScalingMagic.Fit.class, ScalingMagic.Optimal.class},
        footer = {"", "Examples:", "  %%table load datasets/chinchilla/chinchilla_runs.csv --as runs",
                "  %%scaling fit --table runs --drop-highest 5", "  %%scaling optimal --flops 5.76e23"})
public final class ScalingMagic {

    @Mixin
    HelpOption help;

    @Command(name = "fit", description = "Fit L(N, D) = E + A/N^alpha + B/D^beta (Hoffmann et al. Approach 3, "
            + "Huber delta 1e-3, L-BFGS from the replication's 4,500-start grid).")
    static final class Fit implements MagicCommand {
        @Mixin
        HelpOption help;

        @Option(names = "--table", required = true, paramLabel = "NAME", description = "Table of runs.")
        String table;

        @Option(names = "--params", defaultValue = "params", paramLabel = "COL", description = "Model size column (default: ${DEFAULT-VALUE}).")
        String params;

        @Option(names = "--tokens", defaultValue = "tokens", paramLabel = "COL", description = "Training tokens column (default: ${DEFAULT-VALUE}).")
        String tokens;

        @Option(names = "--loss", defaultValue = "loss", paramLabel = "COL", description = "Final loss column (default: ${DEFAULT-VALUE}).")
        String loss;

        @Option(names = "--drop-highest", defaultValue = "0", paramLabel = "K", description = "Leave out the K highest-loss runs (the replication drops 5).")
        int dropHighest;

        @Option(names = "--as", defaultValue = "fit", paramLabel = "NAME", description = "Variable for the result (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            Table data = TableMagic.lookup(context, table);
            for (String column : List.of(params, tokens, loss)) {
                if (!data.columnNames().contains(column)) {
                    throw new MagicUsageException("table '" + table + "' has no column '" + column + "'; columns: "
                            + data.columnNames(), "%scaling fit --table NAME --params COL --tokens COL --loss COL");
                }
            }
            if (dropHighest < 0) {
                throw new MagicUsageException("--drop-highest must be 0 or more, not " + dropHighest, "%scaling fit --help");
            }
            ChinchillaFit fit;
            try {
                List<Run> runs = new ArrayList<>();
                for (int row = 0; row < data.rowCount(); row++) {
                    runs.add(Run.of(row, number(data, params, row), number(data, tokens, row), number(data, loss, row)));
                }
                List<Run> kept = dropHighest == 0 ? runs : Runs.dropHighestLoss(runs, dropHighest);
                fit = new ChinchillaFitter().fit(kept, context.progress());
            } catch (IllegalArgumentException e) {
                throw new MagicFailure("%scaling fit: " + e.getMessage(), e);
            }
            context.define(name, fit, ChinchillaFit.class);
            return fit;
        }

        private static double number(Table data, String column, int row) {
            Object value = data.get(column, row);
            if (!(value instanceof Number number)) {
                throw new IllegalArgumentException("row " + row + ": column '" + column + "' is "
                        + (value == null ? "null" : "not a number (" + value + ")"));
            }
            return number.doubleValue();
        }
    }

    @Command(name = "optimal", description = "Compute-optimal model size and tokens for a FLOP budget (C = 6 N D).")
    static final class Optimal implements MagicCommand {
        @Mixin
        HelpOption help;

        @Option(names = "--flops", required = true, paramLabel = "C", description = "Training compute in FLOPs, e.g. 5.76e23.")
        double flops;

        @Option(names = "--fit", defaultValue = "fit", paramLabel = "NAME", description = "The fit to use (default: ${DEFAULT-VALUE}).")
        String fitName;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            if (!(flops > 0) || Double.isInfinite(flops)) {
                throw new MagicUsageException("--flops must be a positive number, not " + flops, "%scaling optimal --flops C");
            }
            Object value;
            try {
                value = context.variable(fitName);
            } catch (Exception e) {
                throw new MagicUsageException("no fit named '" + fitName + "'; run %scaling fit first", "%scaling fit --table NAME");
            }
            if (!(value instanceof ChinchillaFit fit)) {
                throw new MagicUsageException("'" + fitName + "' is not a scaling-law fit", "%scaling optimal --fit NAME");
            }
            ComputeOptimal.Allocation a = new ComputeOptimal(fit.params()).at(flops);
            String text = String.format(Locale.ROOT, "At C = %.3g FLOPs: N_opt = %.4g parameters, D_opt = %.4g tokens, "
                    + "%.2f tokens per parameter", flops, a.params(), a.tokens(), a.tokensPerParam());
            MimeBundle bundle = MimeBundle.text(text);
            return (Displayable) () -> bundle;
        }
    }
}

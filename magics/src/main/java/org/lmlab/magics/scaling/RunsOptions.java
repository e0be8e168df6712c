package org.lmlab.magics.scaling;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.scaling.ScalingData;
import org.lmlab.table.Table;
import picocli.CommandLine.Option;

/** The options naming a table of runs and its columns, shared by {@code %scaling fit} and {@code plot}. */
final class RunsOptions {

    @Option(names = "--table", paramLabel = "NAME", description = "Table of runs.")
    String table;

    @Option(names = "--params", defaultValue = "params", paramLabel = "COL", description = "Model size column (default: ${DEFAULT-VALUE}).")
    String params;

    @Option(names = "--tokens", defaultValue = "tokens", paramLabel = "COL", description = "Training tokens column (default: ${DEFAULT-VALUE}).")
    String tokens;

    @Option(names = {"--loss", "--target"}, defaultValue = "loss", paramLabel = "COL", description = "Final loss column, the target of the fit (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--unique", paramLabel = "COL", description = "Unique training tokens column (data-constrained law).")
    String unique;

    @Option(names = "--drop-highest", defaultValue = "0", paramLabel = "K", description = "Leave out the K highest-loss runs (the replication drops 5).")
    int dropHighest;

    /** The table named by --table; a usage error without one. */
    Table lookup(MagicContext context, String command) throws Exception {
        return context.table(name(command));
    }

    private String name(String command) throws MagicUsageException {
        if (table == null) {
            throw new MagicUsageException(command + " needs --table NAME", command + " --table NAME");
        }
        return table;
    }

    void checkDrop(String command) throws MagicUsageException {
        if (dropHighest < 0) {
            throw new MagicUsageException("--drop-highest must be 0 or more, not " + dropHighest, command + " --help");
        }
    }

    boolean given() {
        return table != null;
    }

    /** The runs of the table, after dropping; usage errors for a missing table/column, failures for bad values. */
    ScalingData read(MagicContext context, String command) throws Exception {
        return read(context, command, params, tokens);
    }

    /** As {@link #read(MagicContext, String)} with the given columns in the params and tokens slots (formula fits). */
    ScalingData read(MagicContext context, String command, String params, String tokens) throws Exception {
        String name = name(command);
        List<String> columns = new ArrayList<>(List.of(params, tokens, loss));
        if (unique != null) {
            columns.add(unique);
        }
        Table data = context.table(name, columns, command + " --table NAME --params COL --tokens COL --loss COL");
        checkDrop(command);
        try {
            return ScalingData.fromTable(data, new ScalingData.Columns(params, tokens, loss, unique))
                    .dropHighestLoss(dropHighest);
        } catch (IllegalArgumentException e) {
            throw new MagicFailure(command + ": table '" + table + "', " + e.getMessage(), e);
        }
    }
}

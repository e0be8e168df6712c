package org.lmlab.magics.table;

import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %%sql [-o NAME]}: DuckDB SQL over the session's named tables; the result is a table. */
@Command(name = "sql", description = "Run DuckDB SQL over the named tables; the result is a table.",
        footer = {"", "Example:", "  %%%%sql -o big", "  SELECT * FROM runs WHERE params > 1e9 ORDER BY loss"})
public final class SqlMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @Option(names = {"-o", "--output"}, paramLabel = "NAME", description = "Keep the result as table (and variable) NAME.")
    String output;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        if (call.body().isBlank()) {
            throw new MagicUsageException("%%sql needs a query in the cell body", "%%sql [-o NAME]\nSELECT ...");
        }
        Table result;
        try {
            result = context.tables().query(call.body());
        } catch (RuntimeException e) {
            throw new MagicFailure("SQL failed: " + e.getMessage(), e);
        }
        if (output != null) {
            context.define(output, result, Table.class);
            context.tables().put(output, result);
        }
        return result;
    }
}

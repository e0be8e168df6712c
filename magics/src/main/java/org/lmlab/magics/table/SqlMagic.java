package org.lmlab.magics.table;

import java.util.List;
import javax.lang.model.SourceVersion;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.table.Table;
import org.lmlab.table.sql.SqlEffect;
import org.lmlab.table.sql.SqlRefusedException;
import org.lmlab.table.sql.SqlRun;
import org.lmlab.table.sql.SqlStatement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code %%sql [-o NAME]}: DuckDB SQL over the session's named tables; the result is a table.
 * Statements other than queries go through the table catalog or are refused before running.
 */
@Command(name = "sql", description = {"Run DuckDB SQL over the named tables; the result is a table.",
        "Besides queries, CREATE [OR REPLACE] TABLE name AS query makes a named table (and variable),",
        "DROP TABLE name removes one, and COPY table|(query) TO 'file' writes a file; other statements",
        "(INSERT, ALTER, ATTACH, SET, ...) are refused before anything runs."},
        footer = {"", "Examples:", "  %%%%sql -o big", "  SELECT * FROM runs WHERE params > 1e9 ORDER BY loss", "",
                "  %%%%sql", "  CREATE OR REPLACE TABLE small AS SELECT * FROM runs WHERE params < 1e8"})
public final class SqlMagic implements MagicCommand {

    private static final String USAGE = "%%sql [-o NAME] [--replace]\nSELECT ...";

    @Mixin
    HelpOption help;

    @Option(names = {"-o", "--output"}, paramLabel = "NAME", description = "Keep the result as table (and variable) NAME.")
    String output;

    @Option(names = "--replace", description = "Let -o or CREATE TABLE replace a variable that is not a Table.")
    boolean replace;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        if (call.body().isBlank()) {
            throw new MagicUsageException("%%sql needs a query in the cell body", USAGE);
        }
        List<SqlStatement> statements;
        try {
            statements = SqlStatement.parse(call.body());
        } catch (SqlRefusedException e) {
            throw new MagicFailure(e.getMessage(), e);
        }
        if (output != null) {
            if (!(statements.get(statements.size() - 1) instanceof SqlStatement.Query)) {
                throw new MagicUsageException("-o " + output + " keeps a query's rows, but the last statement returns"
                        + " none (nothing was run); name the table in CREATE TABLE instead, or drop -o", USAGE);
            }
            TableVariables.claim(context, output, replace, "%%sql -o " + output, USAGE);
        }
        for (SqlStatement statement : statements) {
            if (statement instanceof SqlStatement.CreateTableAs create && SourceVersion.isName(create.name())) {
                TableVariables.claim(context, create.name(), replace, "CREATE TABLE " + create.name(), USAGE);
            }
        }
        SqlRun run;
        try {
            run = context.tables().run(call.body());
        } catch (SqlRefusedException e) {
            throw new MagicFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MagicFailure("SQL failed: " + e.getMessage(), e);
        }
        for (SqlEffect effect : run.effects()) {
            context.out().println(effect.message());
            if (effect instanceof SqlEffect.Created created && SourceVersion.isName(created.table())) {
                context.define(created.table(), context.tables().get(created.table()), Table.class);
            }
        }
        Table result = run.result();
        if (output != null) {
            TableVariables.attachProvenance(context, result);
            context.define(output, result, Table.class);
            context.tables().put(output, result);
        } else if (result != null) {
            context.tables().keep(result); // shown, not named: closed when the session ends
        }
        return result;
    }
}

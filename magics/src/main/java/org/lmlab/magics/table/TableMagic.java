package org.lmlab.magics.table;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.model.ModelMagic;
import org.lmlab.provenance.SchemaText;
import org.lmlab.table.Table;
import org.lmlab.table.io.Csv;
import org.lmlab.table.io.CsvOptions;
import org.lmlab.table.io.TableFormat;
import org.lmlab.table.io.TableFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %table load|save|show|schema|list}: named tables backed by Arrow. */
@Command(name = "table", description = "Load, save, show and describe named tables (Arrow-backed).",
        subcommands = {TableMagic.Load.class, TableMagic.Save.class, TableMagic.Show.class,
                TableMagic.Schema.class, TableMagic.ListTables.class},
        footer = {"", "Examples:", "  %%table load datasets/chinchilla/chinchilla_runs.csv --as runs",
                "  %%table show runs", "  %%table save runs runs.parquet"})
public final class TableMagic {

    @Mixin
    HelpOption help;

    /** A table by name: the catalog first, then a session variable holding a Table ({@link MagicContext#table}). */
    static Table lookup(MagicContext context, String name) throws Exception {
        return context.table(name);
    }

    /** The format asked for, else the one the file name implies. */
    static TableFormat formatOf(Path path, TableFormat asked) throws MagicUsageException {
        try {
            return asked != null ? asked : TableFormat.fromPath(path);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), "--format FORMAT (csv, jsonl, arrow, arrow_stream, feather, parquet)");
        }
    }

    @Command(name = "load", description = "Read a file (csv, jsonl, arrow, feather, parquet) into a named table.")
    static final class Load implements MagicCommand {
        @Mixin
        HelpOption help;

        @Parameters(paramLabel = "PATH", description = "The file to read.")
        Path path;

        @Option(names = "--as", paramLabel = "NAME", description = "Table (and variable) name; default: the file's base name.")
        String name;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "One of ${COMPLETION-CANDIDATES}; default: from the extension.")
        TableFormat format;

        @Option(names = "--encoding", paramLabel = "CHARSET",
                description = "The text encoding of a CSV file, such as windows-1252 or ISO-8859-1; default: UTF-8.")
        Charset encoding;

        @Option(names = "--replace", description = "Replace a variable of the same name that is not a Table.")
        boolean replace;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            if (Files.isDirectory(path)) {
                throw new MagicFailure(path.toAbsolutePath() + " is a directory, not a file; name a file in it", null);
            }
            if (!Files.isRegularFile(path)) {
                throw new MagicFailure("no such file: " + path.toAbsolutePath(), null);
            }
            String target = name != null ? name : variableName(path);
            TableFormat chosen = formatOf(path, format);
            if (encoding != null && chosen != TableFormat.CSV) {
                throw new MagicUsageException("--encoding applies to CSV files; " + chosen.name().toLowerCase(Locale.ROOT)
                        + " files have their own encoding (JSON Lines: UTF-8)", "%table load PATH.csv --encoding CHARSET");
            }
            TableVariables.claim(context, target, replace, "%table load --as " + target,
                    "%table load PATH --as OTHER_NAME, or --replace");
            Table table;
            try {
                table = encoding == null ? chosen.read(path, context.tables().allocator())
                        : Csv.read(path, context.tables().allocator(), CsvOptions.defaults().withCharset(encoding));
            } catch (TableFormatException e) {
                throw new MagicFailure(e.getMessage(), e);
            }
            context.provenance().dataset(path);
            TableVariables.publish(context, target, table);
            return table;
        }

        /** A Java identifier from a file name: "chinchilla_runs.csv" gives "chinchilla_runs". */
        static String variableName(Path path) {
            String base = path.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_]", "_");
            return base.isEmpty() || !Character.isJavaIdentifierStart(base.charAt(0)) ? "t_" + base : base;
        }
    }

    @Command(name = "save", description = "Write a named table to a file; the format follows the extension.")
    static final class Save implements MagicCommand {
        @Mixin
        HelpOption help;

        @Parameters(index = "0", paramLabel = "NAME", description = "The table.")
        String name;

        @Parameters(index = "1", paramLabel = "PATH", description = "The file to write.")
        Path path;

        @Option(names = "--format", paramLabel = "FORMAT", description = "One of ${COMPLETION-CANDIDATES}.")
        TableFormat format;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            Table table = lookup(context, name);
            TableFormat chosen = formatOf(path, format);
            chosen.write(table, path);
            context.out().println("Saved " + name + " (" + table.rowCount() + " rows) to " + path.toAbsolutePath());
            return null;
        }
    }

    /** A subcommand that shows something of one named table. */
    abstract static class OneTable implements MagicCommand {
        @Mixin
        HelpOption help;

        @Parameters(paramLabel = "NAME", description = "The table.")
        String name;

        abstract Object present(Table table);

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            return present(lookup(context, name));
        }
    }

    @Command(name = "show", description = "Display a named table (shape, types, head and tail rows).")
    static final class Show extends OneTable {
        @Override
        Object present(Table table) {
            return table;
        }
    }

    @Command(name = "schema", description = "Show a named table's column names and types, and its schema metadata"
            + " (a magic's provenance record).")
    static final class Schema extends OneTable {
        @Override
        Object present(Table table) {
            return table.metadata().isEmpty() ? table.schema() : ModelMagic.text(SchemaText.of(table, name));
        }
    }

    @Command(name = "list", description = "List the named tables with their sizes.")
    static final class ListTables implements MagicCommand {
        @Mixin
        HelpOption help;

        @Override
        public Object run(MagicCall call, MagicContext context) {
            StringBuilder text = new StringBuilder();
            for (String name : context.tables().names()) {
                Table table = context.tables().get(name);
                text.append(name).append(": ").append(table.rowCount()).append(" rows x ")
                        .append(table.columnCount()).append(" columns\n");
            }
            context.out().print(text.length() == 0 ? "no tables yet (%table load PATH)\n" : text);
            return null;
        }
    }
}

package org.lmlab.magics.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.table.Table;

/** Issue 23 at the magics level: %%sql DDL, variables of another type, and read errors that name the option. */
class TableSqlMagicsTest {

    private static final CommandMagic TABLE = CommandMagic.line(TableMagic::new);
    private static final CommandMagic SQL = CommandMagic.cell(SqlMagic::new);
    private final FakeMagicContext context = new FakeMagicContext();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        context.tables().close();
    }

    private Object table(String args) throws Exception {
        List<String> words = Arrays.asList(args.split(" +"));
        return TABLE.run(new MagicCall("table", MagicKind.LINE, args, words, null, 1), context);
    }

    private Object sql(String args, String body) throws Exception {
        List<String> words = args.isEmpty() ? List.of() : Arrays.asList(args.split(" +"));
        return SQL.run(new MagicCall("sql", MagicKind.CELL, args, words, body, 1), context);
    }

    private Path runsCsv() throws Exception {
        return Files.writeString(dir.resolve("runs.csv"), "params,loss\n10,3.0\n20,2.0\n30,1.0\n");
    }

    @Test
    void dropAndCreateTableUpdateTheCatalogAndSaySo() throws Exception {
        table("load " + runsCsv() + " --as runs");
        sql("", "CREATE TABLE small AS SELECT * FROM runs WHERE params < 25");
        assertEquals(2, context.tables().get("small").rowCount());
        assertSame(context.tables().get("small"), context.variables.get("small"), "CREATE TABLE defines the variable");
        sql("", "DROP TABLE runs");
        assertFalse(context.tables().contains("runs"));
        Path out = dir.resolve("small.csv");
        sql("", "COPY small TO '" + out + "' (HEADER)");
        assertEquals(3, Files.readAllLines(out).size());
        String printed = context.printed();
        assertTrue(printed.contains("created table small (2 rows x 2 columns)"), printed);
        assertTrue(printed.contains("dropped table runs"), printed);
        assertTrue(printed.contains("wrote 2 rows to " + out), printed);
    }

    @Test
    void anUnnamedQueryResultIsClosedWithTheSession() throws Exception {
        FakeMagicContext session = new FakeMagicContext();
        Table shown = (Table) SQL.run(new MagicCall("sql", MagicKind.CELL, "", List.of(), "SELECT 1 AS x", 1), session);
        assertEquals(1, shown.rowCount());
        session.tables().close(); // threw "Memory was leaked by query" while the result was nobody's
        assertTrue(shown.isClosed());
    }

    @Test
    void refusedStatementsNameTheirKindAndRunNothing() throws Exception {
        table("load " + runsCsv() + " --as runs");
        MagicFailure e = assertThrows(MagicFailure.class, () -> sql("", "ALTER TABLE runs RENAME TO r"));
        assertTrue(e.getMessage().startsWith("ALTER TABLE is not run"), e.getMessage());
        assertTrue(context.tables().contains("runs"));
        MagicUsageException o = assertThrows(MagicUsageException.class, () -> sql("-o x", "DROP TABLE runs"));
        assertTrue(o.getMessage().contains("nothing was run"), o.getMessage());
        assertTrue(context.tables().contains("runs"));
    }

    @Test
    void aVariableOfAnotherTypeNeedsReplace() throws Exception {
        context.types.put("sentinel", "int");
        context.variables.put("sentinel", 7);
        MagicUsageException load = assertThrows(MagicUsageException.class,
                () -> table("load " + runsCsv() + " --as sentinel"));
        assertEquals("variable 'sentinel' is a int; %table load --as sentinel would replace it with a Table."
                + " Pass --replace to replace it, or choose another name", load.getMessage());
        MagicUsageException create = assertThrows(MagicUsageException.class,
                () -> sql("", "CREATE TABLE sentinel AS SELECT 1 AS x"));
        assertTrue(create.getMessage().contains("CREATE TABLE sentinel"), create.getMessage());
        assertFalse(context.tables().contains("sentinel"));
        assertEquals(7, context.variables.get("sentinel"));
        table("load " + runsCsv() + " --as sentinel --replace");
        assertTrue(context.variables.get("sentinel") instanceof Table);
    }

    @Test
    void loadErrorsNameTheFileAndTheOptionThatFixesThem() throws Exception {
        MagicFailure directory = assertThrows(MagicFailure.class, () -> table("load " + dir + " --as d"));
        assertTrue(directory.getMessage().contains("is a directory, not a file"), directory.getMessage());
        Path latin = Files.write(dir.resolve("latin.csv"), new byte[] {'a', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        MagicFailure utf8 = assertThrows(MagicFailure.class, () -> table("load " + latin));
        assertTrue(utf8.getMessage().startsWith(latin + ":2:4: not valid UTF-8") && utf8.getMessage().contains("--encoding"),
                utf8.getMessage());
        Table read = (Table) table("load " + latin + " --encoding windows-1252");
        assertEquals("café", read.getString("a", 0));
        table("load " + runsCsv() + " --as kept");
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        MagicFailure none = assertThrows(MagicFailure.class, () -> table("load " + empty + " --as kept"));
        assertTrue(none.getMessage().startsWith(empty + ": no JSON objects"), none.getMessage());
        assertEquals(3, context.tables().get("kept").rowCount(), "the old table is kept");
        MagicUsageException encoding = assertThrows(MagicUsageException.class,
                () -> table("load " + empty + " --encoding latin1"));
        assertTrue(encoding.getMessage().contains("--encoding applies to CSV"), encoding.getMessage());
    }
}

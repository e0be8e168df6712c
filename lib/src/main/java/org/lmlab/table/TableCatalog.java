package org.lmlab.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.table.sql.SqlEffect;
import org.lmlab.table.sql.SqlEngine;
import org.lmlab.table.sql.SqlRefusedException;
import org.lmlab.table.sql.SqlRun;
import org.lmlab.table.sql.SqlStatement;

/**
 * The named tables of one session (a kernel or a command-line run): one root allocator for all
 * of them, and SQL sees them by name. The catalog is the single source of truth for DuckDB:
 * DuckDB holds only copies of catalog tables, made when a statement names them, and SQL that
 * would change tables is either done through the catalog ({@code CREATE TABLE ... AS},
 * {@code DROP TABLE}) or refused before it runs.
 *
 * <p>A table replaced or dropped is not closed: Java variables may still hold it (a session's
 * {@code Table t2 = runs}). It is kept, retired, until the session ends ({@link #close()}), or
 * until its holder closes it. Created lazily, because Arrow's start-up costs a kernel that never
 * touches a table nothing.
 */
public final class TableCatalog implements AutoCloseable {

    private final Map<String, Table> tables = new TreeMap<>();
    private final List<Table> retired = new ArrayList<>();
    private BufferAllocator root;
    private SqlEngine sql;

    /** The session's allocator; tables read for the catalog allocate from it. */
    public synchronized BufferAllocator allocator() {
        if (root == null) {
            root = new RootAllocator();
        }
        return root;
    }

    /**
     * Registers {@code table} as {@code name}. A table previously registered under it leaves the
     * catalog (and DuckDB) but stays open for whoever still holds it, until the session ends.
     */
    public synchronized void put(String name, Table table) {
        Table previous = tables.put(name, table);
        if (previous != null && previous != table) {
            retire(name, previous);
        }
    }

    /**
     * Holds {@code table}, which has no name (a query's result that was shown but not kept), until
     * the session ends, when it is closed with the catalog's tables.
     */
    public synchronized void keep(Table table) {
        if (table == null) {
            throw new IllegalArgumentException("keep needs a table, not null");
        }
        if (!tables.containsValue(table) && !retired.contains(table)) {
            retired.add(table);
        }
        retired.removeIf(Table::isClosed);
    }

    /**
     * Removes table {@code name} from the catalog and DuckDB; it stays open for variables that hold it.
     *
     * @throws IllegalArgumentException naming the table and listing the known ones
     */
    public synchronized void drop(String name) {
        get(name);
        retire(name, tables.remove(name));
    }

    private void retire(String name, Table table) {
        if (sql != null && sql.tables().contains(name)) {
            sql.unregister(name);
        }
        if (!tables.containsValue(table)) {
            retired.add(table);
        }
        retired.removeIf(Table::isClosed);
    }

    /** @throws IllegalArgumentException naming the table and listing the known ones */
    public synchronized Table get(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table named '" + name + "'; tables: " + tables.keySet()
                    + " (load one with %table load PATH --as " + name + ")");
        }
        return table;
    }

    public synchronized boolean contains(String name) {
        return tables.containsKey(name);
    }

    public synchronized List<String> names() {
        return new ArrayList<>(tables.keySet());
    }

    /** Bytes held by tables replaced or dropped but not yet closed (freed at session end). */
    public synchronized long retiredBytes() {
        retired.removeIf(Table::isClosed);
        return retired.stream().mapToLong(Table::allocatedBytes).sum();
    }

    /**
     * Runs one query over the catalog.
     *
     * @throws SqlRefusedException for anything but a single statement that returns rows
     */
    public synchronized Table query(String query) {
        List<SqlStatement> statements = SqlStatement.parse(query);
        if (statements.size() != 1 || !(statements.get(0) instanceof SqlStatement.Query)) {
            throw new SqlRefusedException("not a query", "query() runs one query; use run() for "
                    + "CREATE TABLE ... AS, DROP TABLE and COPY ... TO: " + query.strip());
        }
        return rows(statements.get(0).sql());
    }

    /**
     * Runs a SQL script: its statements are classified first (see {@link SqlStatement#parse}), and
     * refused ones stop the script before anything runs. Queries must come last.
     */
    public synchronized SqlRun run(String script) {
        List<SqlStatement> statements = SqlStatement.parse(script);
        check(statements);
        List<SqlEffect> effects = new ArrayList<>();
        Table result = null;
        for (SqlStatement statement : statements) {
            if (statement instanceof SqlStatement.Query q) {
                result = rows(q.sql());
            } else if (statement instanceof SqlStatement.DropTable d) {
                effects.add(drop(d));
            } else if (statement instanceof SqlStatement.CreateTableAs c) {
                effects.add(create(c));
            } else if (statement instanceof SqlStatement.CopyTo c) {
                effects.add(copy(c));
            }
        }
        return new SqlRun(effects, result);
    }

    /** Refuses, before anything runs, what would fail halfway: a query before the end, a name taken or missing. */
    private void check(List<SqlStatement> statements) {
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(tables.keySet());
        for (int i = 0; i < statements.size(); i++) {
            SqlStatement statement = statements.get(i);
            if (statement instanceof SqlStatement.Query && i < statements.size() - 1) {
                throw new SqlRefusedException("query", "only the last statement of a cell may return rows; "
                        + "statement " + (i + 1) + " of " + statements.size() + " is a query: " + statement.sql());
            }
            if (statement instanceof SqlStatement.DropTable d) {
                if (!names.remove(d.name()) && !d.ifExists()) {
                    throw new IllegalArgumentException("DROP TABLE " + d.name() + ": no table named '" + d.name()
                            + "'; tables: " + tables.keySet() + " (nothing was run)");
                }
            } else if (statement instanceof SqlStatement.CreateTableAs c) {
                if (names.contains(c.name()) && !c.orReplace() && !c.ifNotExists()) {
                    throw new IllegalArgumentException("CREATE TABLE " + c.name() + ": table '" + c.name()
                            + "' exists (nothing was run); use CREATE OR REPLACE TABLE " + c.name()
                            + " AS ..., or DROP TABLE " + c.name() + " first");
                }
                names.add(c.name());
            }
        }
    }

    private SqlEffect drop(SqlStatement.DropTable d) {
        Optional<String> name = resolve(d.name());
        if (name.isEmpty()) {
            return new SqlEffect.Unchanged("no table " + d.name() + ", nothing dropped");
        }
        drop(name.get());
        return new SqlEffect.Dropped(name.get());
    }

    private SqlEffect create(SqlStatement.CreateTableAs c) {
        Optional<String> existing = resolve(c.name());
        if (existing.isPresent() && c.ifNotExists()) {
            return new SqlEffect.Unchanged("table " + existing.get() + " exists, left as it is");
        }
        Table table = rows(c.query());
        String name = existing.orElse(c.name());
        put(name, table);
        return new SqlEffect.Created(name, table.rowCount(), table.columnCount(), existing.isPresent());
    }

    private SqlEffect copy(SqlStatement.CopyTo c) {
        engine();
        registerNamedIn(c.sql());
        long rows = sql.update(c.sql());
        return new SqlEffect.Wrote(Path.of(c.file()).toAbsolutePath().normalize(), rows);
    }

    /** The catalog name DuckDB would take {@code name} for: itself, else the one name equal ignoring case. */
    private Optional<String> resolve(String name) {
        if (tables.containsKey(name)) {
            return Optional.of(name);
        }
        List<String> matches = tables.keySet().stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** Runs one query; DuckDB's planner confirms it returns rows before it runs. */
    private Table rows(String query) {
        engine();
        registerNamedIn(query);
        return sql.query(query);
    }

    private void engine() {
        if (sql == null) {
            sql = new SqlEngine(allocator());
        }
    }

    /** Copies into DuckDB the catalog tables that {@code statement} names and DuckDB lacks. */
    private void registerNamedIn(String statement) {
        for (Map.Entry<String, Table> entry : tables.entrySet()) {
            if (Pattern.compile("\\b" + Pattern.quote(entry.getKey()) + "\\b").matcher(statement).find()
                    && !sql.tables().contains(entry.getKey())) {
                sql.register(entry.getKey(), entry.getValue());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (sql != null) {
            sql.close();
        }
        tables.values().forEach(Table::close);
        tables.clear();
        retired.forEach(Table::close);
        retired.clear();
        if (root != null) {
            root.close();
        }
    }
}

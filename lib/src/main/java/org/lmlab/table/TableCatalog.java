package org.lmlab.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.table.sql.SqlEngine;

/**
 * The named tables of one session (a kernel or a command-line run): one root allocator for all
 * of them, replacement closes the table replaced, and SQL sees them by name. Created lazily,
 * because Arrow's start-up costs a kernel that never touches a table nothing.
 */
public final class TableCatalog implements AutoCloseable {

    private final Map<String, Table> tables = new TreeMap<>();
    private BufferAllocator root;
    private SqlEngine sql;

    /** The session's allocator; tables read for the catalog allocate from it. */
    public synchronized BufferAllocator allocator() {
        if (root == null) {
            root = new RootAllocator();
        }
        return root;
    }

    /** Registers {@code table} as {@code name}, closing a table previously registered under it. */
    public synchronized void put(String name, Table table) {
        Table previous = tables.put(name, table);
        if (previous != null && previous != table) {
            if (sql != null && sql.tables().contains(name)) {
                sql.unregister(name);
            }
            previous.close();
        }
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

    /** Runs SQL over the catalog; tables named in the query are (re)registered with DuckDB first. */
    public synchronized Table query(String query) {
        if (sql == null) {
            sql = new SqlEngine(allocator());
        }
        for (Map.Entry<String, Table> entry : tables.entrySet()) {
            if (Pattern.compile("\\b" + Pattern.quote(entry.getKey()) + "\\b").matcher(query).find()
                    && !sql.tables().contains(entry.getKey())) {
                sql.register(entry.getKey(), entry.getValue());
            }
        }
        return sql.query(query);
    }

    @Override
    public synchronized void close() {
        if (sql != null) {
            sql.close();
        }
        tables.values().forEach(Table::close);
        tables.clear();
        if (root != null) {
            root.close();
        }
    }
}

package org.lmlab.magics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.lmlab.progress.Progress;
import org.lmlab.provenance.ProvenanceRecorder;
import org.lmlab.table.Table;
import org.lmlab.table.TableCatalog;
import org.lmlab.table.TableColumns;

/**
 * What a magic may use of the session it runs in. The kernel and the command-line runner each
 * implement it; magics never see sockets or JShell.
 */
public interface MagicContext {

    /** Standard output of the running cell. */
    PrintStream out();

    /** Standard error of the running cell. */
    PrintStream err();

    /** Renders and shows a value now, before the cell finishes. */
    void display(Object value);

    /**
     * Runs source as a cell would (Java, and magics on their own lines) and returns the value of
     * its last expression, or null. Used by magics that wrap code, such as {@code %time}.
     */
    Object execute(String source) throws Exception;

    /** The session's class path, in order. */
    List<Path> classpath();

    /** Adds jars or directories to the session's class path (compiler and runtime). */
    void addToClasspath(List<Path> entries);

    /**
     * The class loader of the session's code, which sees what {@link #addToClasspath} added: services of added jars
     * are found through it ({@link java.util.ServiceLoader}), and classes loaded through it are the ones cells use.
     */
    default ClassLoader classLoader() {
        return MagicContext.class.getClassLoader();
    }

    /** The magics known to this session, for {@code %lsmagic} and help. */
    MagicRegistry magics();

    /** A progress bar for long work (a notebook bar in the kernel, a terminal bar on the CLI). */
    Progress progress();

    /** The session's named tables (and its Arrow allocator). */
    TableCatalog tables();

    /**
     * The session's table {@code name}, else a session variable of that name holding a {@link Table}.
     *
     * @throws MagicUsageException naming the session's tables when there is neither, or the type of a
     *                             variable that is no table
     */
    default Table table(String name) throws Exception {
        if (tables().contains(name)) {
            return tables().get(name);
        }
        Object value;
        try {
            value = variable(name);
        } catch (Exception e) {
            throw new MagicUsageException("no table named '" + name + "'; tables: " + tables().names(),
                    "%table load PATH --as " + name);
        }
        if (value instanceof Table table) {
            return table;
        }
        throw new MagicUsageException("'" + name + "' is a " + (value == null ? "null" : value.getClass().getName())
                + ", not a Table", "%table list");
    }

    /**
     * {@link #table(String)} after checking that it has every one of {@code columns}.
     *
     * @throws MagicUsageException "table 'NAME' has no column 'C'; columns: [a, b]", with {@code usage}
     */
    default Table table(String name, Collection<String> columns, String usage) throws Exception {
        Table table = table(name);
        try {
            TableColumns.requireAll(table, name, columns);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
        return table;
    }

    /** Defines (or redefines) a variable of the session, visible to later Java code. */
    void define(String name, Object value, Class<?> type) throws Exception;

    /**
     * The declared type of session variable {@code name} as written in its declaration ("int",
     * "org.lmlab.table.Table"), so a magic can refuse to replace a variable of another type.
     * Sessions without Java variables have none.
     */
    default Optional<String> variableType(String name) {
        return Optional.empty();
    }

    /**
     * The session's provenance recorder: magics note the files, models and seeds they use, and
     * result tables get its record. The kernel and {@code lmlab run} run one session per JVM.
     */
    default ProvenanceRecorder provenance() {
        return ProvenanceRecorder.shared();
    }

    /** The live value of a session variable; fails with a clear message when there is none. */
    Object variable(String name) throws Exception;
}

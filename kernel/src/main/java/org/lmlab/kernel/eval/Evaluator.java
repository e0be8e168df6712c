package org.lmlab.kernel.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the kernel needs from the engine that runs Java cells: evaluation, stopping, and the
 * source analysis behind completion, inspection and is_complete. {@link JShellEvaluator} is the
 * engine; the interface lets the request handling be tested without starting JShell.
 */
public interface Evaluator extends AutoCloseable {

    /**
     * Evaluates Java source.
     *
     * @param cell      the execution count, used in error locations
     * @param firstLine the cell line on which {@code code} starts
     */
    Evaluation eval(String code, int cell, int firstLine) throws CellError;

    /** Stops the running cell; safe to call from any thread, a no-op when nothing runs. */
    void interrupt();

    /** Whether an interrupt arrived since the current evaluation began. */
    boolean interruptRequested();

    /** Whether the engine itself is busy compiling or loading classes: a thread interrupt then would close its jar channels. */
    boolean inJShell();

    /** Completion at {@code cursor} (UTF-16 offset). */
    Completion complete(String code, int cursor);

    /** Signature and documentation of what is under {@code cursor}, if known. */
    Optional<String> documentation(String code, int cursor);

    /** Whether Java source is complete, still open, or invalid. */
    Completeness completeness(String code);

    /** Defines {@code name} as a session variable of {@code type} holding {@code value}. */
    void define(String name, Object value, Class<?> type, int cell) throws CellError;

    /** The declared type of session variable {@code name} as written (e.g. "int", "Table"), if there is one. */
    Optional<String> variableType(String name);

    List<Path> classpath();

    /** Makes jars or class directories visible to later cells (compiler and class loader). */
    void addToClasspath(Path entry);

    /** The class loader of cells' classes and of the entries added by {@link #addToClasspath}. */
    default ClassLoader classLoader() {
        return Evaluator.class.getClassLoader();
    }

    @Override
    void close();
}

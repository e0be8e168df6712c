package org.lmlab.magics;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lmlab.progress.Progress;
import org.lmlab.table.TableCatalog;

/** One fake session (a table catalog, variables, captured output, no Java shell) for the magics' tests. */
public final class FakeMagicContext implements MagicContext {

    /** Session variables by name. */
    public final Map<String, Object> variables = new HashMap<>();
    /** Declared types of session variables by name, as {@link #variableType} reports them. */
    public final Map<String, String> types = new HashMap<>();
    private final TableCatalog tables;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final MagicRegistry magics = new MagicRegistry();
    private volatile Progress progress = Progress.NONE;

    /** A session with a catalog of its own. */
    /** This context's own provenance (not the process-wide one), so tests do not see each other's files. */
    public final org.lmlab.provenance.ProvenanceRecorder provenance =
            new org.lmlab.provenance.ProvenanceRecorder(org.lmlab.provenance.FileHashes.shared());

    @Override
    public org.lmlab.provenance.ProvenanceRecorder provenance() {
        return provenance;
    }

    public FakeMagicContext() {
        this(new TableCatalog());
    }

    /** A session over {@code tables}. */
    public FakeMagicContext(TableCatalog tables) {
        this.tables = tables;
    }

    /** Uses {@code progress} instead of {@link Progress#NONE}. */
    public FakeMagicContext progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** What the cell printed to out and err so far. */
    public String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return out;
    }

    @Override
    public void display(Object value) {
    }

    @Override
    public Object execute(String source) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Path> classpath() {
        return List.of();
    }

    @Override
    public void addToClasspath(List<Path> entries) {
    }

    @Override
    public MagicRegistry magics() {
        return magics;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public TableCatalog tables() {
        return tables;
    }

    @Override
    public void define(String name, Object value, Class<?> type) {
        types.put(name, type.getCanonicalName());
        variables.put(name, value);
    }

    @Override
    public Optional<String> variableType(String name) {
        return Optional.ofNullable(types.get(name));
    }

    @Override
    public Object variable(String name) {
        if (!variables.containsKey(name)) {
            throw new IllegalArgumentException("no variable " + name);
        }
        return variables.get(name);
    }
}

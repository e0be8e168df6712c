package org.lmlab.kernel;

import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.SourceVersion;
import org.lmlab.display.DisplaySink;
import org.lmlab.display.Renderers;
import org.lmlab.kernel.eval.CellError;
import org.lmlab.kernel.eval.Evaluation;
import org.lmlab.kernel.eval.Evaluator;
import org.lmlab.magics.CellScript;
import org.lmlab.magics.Magic;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicRegistry;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.UnknownMagicException;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.progress.ProgressBars;
import org.lmlab.table.TableCatalog;

/**
 * Runs one cell: its Java parts through the evaluator (JShell) and its magics through the registry, in order.
 * It is the {@link MagicContext} magics see. Only the last part's value becomes the cell's
 * result; earlier magic results are displayed as they come.
 */
public final class CellRunner implements MagicContext {

    private final Evaluator evaluator;
    private final MagicRegistry magics;
    private final Renderers renderers;
    private final DisplaySink display;
    private int cell;
    private int lineOffset;
    private volatile boolean runningJava;

    private final TableCatalog tables;

    public CellRunner(Evaluator evaluator, MagicRegistry magics, Renderers renderers, DisplaySink display,
               TableCatalog tables) {
        this.evaluator = evaluator;
        this.tables = tables;
        this.magics = magics;
        this.renderers = renderers;
        this.display = display;
    }

    /** True while JShell runs Java code (which JShell itself can stop). */
    boolean runningJava() {
        return runningJava;
    }

    /** Runs a whole cell numbered {@code cellNumber} (its execution count). */
    public Evaluation run(String code, int cellNumber) throws CellError {
        cell = cellNumber;
        lineOffset = 0;
        return runScript(code);
    }

    private Evaluation runScript(String code) throws CellError {
        CellScript script;
        try {
            script = CellScript.parse(code);
        } catch (MagicUsageException e) {
            throw usageError(e);
        }
        Evaluation last = new Evaluation(false, null);
        List<CellScript.Part> parts = script.parts();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0 && last.hasValue() && last.value() != null) {
                display(last.value());
            }
            CellScript.Part part = parts.get(i);
            if (part instanceof CellScript.JavaCode java) {
                boolean outer = runningJava;
                runningJava = true;
                try {
                    last = evaluator.eval(java.code(), cell, lineOffset + java.firstLine());
                } finally {
                    runningJava = outer;
                }
            } else {
                Object value = runMagic(((CellScript.MagicPart) part).call());
                last = new Evaluation(value != null, value);
            }
            if (evaluator.interruptRequested()) {
                throw new CellError("Interrupted", "cell interrupted", List.of("Interrupted: the cell was stopped"));
            }
        }
        return last;
    }

    private Object runMagic(MagicCall call) throws CellError {
        int savedOffset = lineOffset;
        try {
            Magic magic = magics.lookup(call.name(), call.kind());
            // Code a magic runs (the body of %%time) keeps line numbers relative to the cell.
            lineOffset = savedOffset + (call.kind() == MagicKind.CELL ? call.line() : call.line() - 1);
            return magic.run(call, this);
        } catch (UnknownMagicException e) {
            throw new CellError("UnknownMagic", e.getMessage(), List.of(e.getMessage()));
        } catch (MagicUsageException e) {
            throw usageError(e);
        } catch (CellError e) {
            throw e;
        } catch (MagicFailure e) {
            throw new CellError(e.getClass().getSimpleName(), e.getMessage(), List.of(call.typed() + ": " + e.getMessage()));
        } catch (InterruptedException | Cancellation.CancelledException e) {
            throw new CellError("Interrupted", call.typed() + " was interrupted",
                    List.of("Interrupted: " + call.typed() + " stopped; variables and tables from before it are kept"));
        } catch (OutOfMemoryError e) {
            throw MemoryReport.outOfMemory(call.typed(), e);
        } catch (Exception | LinkageError e) {
            if (Thread.currentThread().isInterrupted() || causedByInterrupt(e)) {
                // The kernel's second interrupt: whatever the magic was reading failed as a result.
                throw new CellError("Interrupted", call.typed() + " was stopped by a second interrupt (" + e + ")",
                        List.of("Interrupted: " + call.typed() + " was stopped by a second interrupt; what it was "
                                + "building is dropped, variables and tables from before it are kept"));
            }
            List<String> traceback = new ArrayList<>();
            traceback.add(call.typed() + " failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                traceback.add("Caused by: " + cause);
            }
            String evalue = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new CellError(e.getClass().getSimpleName(), evalue, traceback);
        } finally {
            lineOffset = savedOffset;
        }
    }

    private static boolean causedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private static CellError usageError(MagicUsageException e) {
        List<String> traceback = new ArrayList<>();
        traceback.add("UsageError: " + e.getMessage());
        traceback.add("");
        e.usage().lines().forEach(traceback::add);
        return new CellError("UsageError", e.getMessage(), traceback);
    }

    @Override
    public PrintStream out() {
        return System.out;
    }

    @Override
    public PrintStream err() {
        return System.err;
    }

    @Override
    public void display(Object value) {
        display.display(renderers.render(value), null);
    }

    @Override
    public Object execute(String source) throws CellError {
        Evaluation result = runScript(source);
        return result.hasValue() ? result.value() : null;
    }

    @Override
    public List<Path> classpath() {
        return evaluator.classpath();
    }

    @Override
    public void addToClasspath(List<Path> entries) {
        entries.forEach(evaluator::addToClasspath);
    }

    @Override
    public ClassLoader classLoader() {
        return evaluator.classLoader();
    }

    @Override
    public MagicRegistry magics() {
        return magics;
    }

    @Override
    public Progress progress() {
        return ProgressBars.on(display);
    }

    @Override
    public TableCatalog tables() {
        return tables;
    }

    @Override
    public void define(String name, Object value, Class<?> type) throws CellError {
        boolean outer = runningJava;
        runningJava = true;
        try {
            evaluator.define(name, value, type, cell);
        } finally {
            runningJava = outer;
        }
    }

    @Override
    public Optional<String> variableType(String name) {
        return evaluator.variableType(name);
    }

    @Override
    public Object variable(String name) throws CellError {
        if (!SourceVersion.isName(name)) {
            throw new CellError("InvalidName", "'" + name + "' is not a Java name", List.of());
        }
        Evaluation value = evaluator.eval(name, cell, 1);
        if (!value.hasValue()) {
            throw new CellError("NoValue", name + " has no value", List.of());
        }
        return value.value();
    }
}

package org.lmlab.kernel.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.lang.model.SourceVersion;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.lmlab.progress.Cancellation;

/**
 * Java cells through JShell, in this JVM. State lives in the JShell instance, so a failed cell
 * leaves earlier definitions intact. A cell is split into snippets and run one by one; the value
 * of a trailing expression is returned as a live object. JShell is not thread-safe, so the
 * methods that use it are synchronized; {@link #interrupt()} is not, so it can stop a running cell.
 */
public final class JShellEvaluator implements Evaluator {

    /** The imports the jshell tool gives by default, plus the notebook display functions. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*", "java.util.regex.*",
            "java.util.stream.*", "org.lmlab.display.*");
    static final List<String> DEFAULT_STATIC_IMPORTS = List.of("org.lmlab.display.Notebook.*");

    private final JShell shell;
    private final InProcessProvider engine;
    private final SourceCodeAnalysis analysis;
    private final Map<String, SourceLocation> origins = new ConcurrentHashMap<>();
    private final List<Path> classpath = new CopyOnWriteArrayList<>();
    private volatile boolean interruptRequested;
    private volatile boolean inJShell;

    private JShellEvaluator(JShell shell, InProcessProvider engine, List<Path> classpath) {
        this.shell = shell;
        this.engine = engine;
        this.analysis = shell.sourceCodeAnalysis();
        this.classpath.addAll(classpath);
    }

    /** Starts JShell with {@code classpath}, cells rewritten as in the kernel, and the default imports. */
    public static JShellEvaluator start(List<Path> classpath) {
        return start(classpath, true);
    }

    /**
     * Starts JShell with {@code classpath} and the default imports: {@link #open} then
     * {@link #importDefaults}.
     */
    public static JShellEvaluator start(List<Path> classpath, boolean rewriteCells) {
        JShellEvaluator evaluator = open(classpath, rewriteCells);
        evaluator.importDefaults();
        return evaluator;
    }

    /**
     * Starts JShell with {@code classpath}, ready for completion and documentation: the first
     * analysis pays javac's cold start (about a second), so it is done here rather than on the
     * user's first Tab (JupyterLab drops completion replies slower than 1 s).
     *
     * @param rewriteCells whether cells' classes are rewritten ({@link CellRewriter}): exit calls
     *                 throw instead of ending the JVM, and broad catch handlers let an interrupt
     *                 through (the kernel: yes; {@code lmlab run}: no, exit ends the run as a
     *                 command-line user expects, and Ctrl-C ends the process)
     */
    public static JShellEvaluator open(List<Path> classpath, boolean rewriteCells) {
        InProcessProvider engine = new InProcessProvider(rewriteCells);
        JShell shell = JShell.builder()
                .executionEngine(engine, Map.of())
                .build();
        JShellEvaluator evaluator = new JShellEvaluator(shell, engine, List.of());
        // Through JShell's own class path (not a --class-path compiler option, which would
        // shadow it), so jars added later by %maven reach the compiler too.
        classpath.forEach(evaluator::addToClasspath);
        evaluator.complete("Strin", 5);
        evaluator.documentation("Math.max", 8);
        return evaluator;
    }

    /** Adds the default imports and compiles one snippet so the first cell is fast. */
    public void importDefaults() {
        for (String name : DEFAULT_IMPORTS) {
            declare("import " + name + ";");
        }
        for (String name : DEFAULT_STATIC_IMPORTS) {
            declare("import static " + name + ";");
        }
        declare("int $lmlabWarmUp = 1 + 1;");
        synchronized (this) {
            shell.drop(shell.variables().filter(v -> v.name().equals("$lmlabWarmUp")).findFirst().orElseThrow());
        }
    }

    private void declare(String source) {
        List<SnippetEvent> events;
        synchronized (this) {
            events = jshellEval(source);
        }
        for (SnippetEvent event : events) {
            if (event.status() == Snippet.Status.REJECTED) {
                throw new IllegalStateException("start-up snippet rejected: " + source + " "
                        + shell.diagnostics(event.snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
    }

    /**
     * Evaluates Java source.
     *
     * @param cell      the execution count, used in error locations
     * @param firstLine the cell line on which {@code code} starts
     */
    @Override
    public synchronized Evaluation eval(String code, int cell, int firstLine) throws CellError {
        interruptRequested = false;
        long started = System.nanoTime();
        String remaining = code;
        int linesConsumed = 0;
        Evaluation last = Evaluation.NONE;
        while (!remaining.isBlank()) {
            // Skip leading whitespace first so the snippet's line 1 is where its code starts.
            int skip = 0;
            while (Character.isWhitespace(remaining.charAt(skip))) {
                skip++;
            }
            linesConsumed += (int) remaining.substring(0, skip).chars().filter(c -> c == '\n').count();
            remaining = remaining.substring(skip);
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete();
            String source = complete ? info.source() : remaining;
            String rest = complete ? info.remaining() : "";
            String consumed = remaining.substring(0, remaining.length() - rest.length());
            int startLine = firstLine + linesConsumed;
            linesConsumed += (int) consumed.chars().filter(c -> c == '\n').count();
            remaining = rest;
            last = evalSnippet(source, new SourceLocation(cell, startLine), started);
        }
        return last;
    }

    private Evaluation evalSnippet(String source, SourceLocation location, long started) throws CellError {
        ValueTrampoline.result = null;
        List<SnippetEvent> events = jshellEval(source);
        Evaluation result = Evaluation.NONE;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), location);
            if (event.status() == Snippet.Status.REJECTED) {
                throw ErrorFormatter.compileError(source, location, shell.diagnostics(snippet).toList());
            }
            if (interruptRequested) {
                // Whatever the stop surfaced as (JShell's stop, a cancelled library loop), say so.
                throw interrupted(started, location);
            }
            if (event.exception() != null) {
                throw ErrorFormatter.exception(event.exception(), origins::get);
            }
            if (showsValue(snippet)) {
                result = new Evaluation(true, ValueTrampoline.result);
            }
            if (snippet instanceof VarSnippet var && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                // We hold the live value already. Every active snippet is imported into each
                // later compile, so keeping JShell's $N temporaries makes each cell slower.
                shell.drop(var);
            }
        }
        if (interruptRequested) {
            throw interrupted(started, location);
        }
        return result;
    }

    /**
     * shell.eval with the thread's interrupt status cleared first: javac reads the class path
     * through interruptible channels, and a pending interrupt would close them for good.
     */
    private List<SnippetEvent> jshellEval(String source) {
        Thread.interrupted();
        inJShell = true;
        try {
            return shell.eval(source);
        } finally {
            inJShell = false;
        }
    }

    private static CellError interrupted(long started, SourceLocation location) {
        String after = String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - started) / 1e9);
        return new CellError("Interrupted", "cell interrupted after " + after,
                List.of("Interrupted: " + location.at(1) + " was stopped after " + after
                        + "; variables defined before it are kept"));
    }

    /** An expression's value is shown; declarations and statements show nothing. */
    private static boolean showsValue(Snippet snippet) {
        if (snippet instanceof VarSnippet var) {
            return var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        }
        return snippet instanceof ExpressionSnippet expr && expr.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
    }

    /** Stops the running cell; safe to call from any thread, a no-op when nothing runs. */
    @Override
    public void interrupt() {
        interruptRequested = true;
        Cancellation.request();
        shell.stop();
    }

    /** Whether JShell (javac, class loading) is busy: a thread interrupt then would close its jar channels. */
    @Override
    public boolean inJShell() {
        return inJShell;
    }

    @Override
    public boolean interruptRequested() {
        return interruptRequested;
    }

    /** Completion at {@code cursor} (UTF-16 offset) within the snippet that contains it. */
    @Override
    public synchronized Completion complete(String code, int cursor) {
        int[] bounds = snippetAround(code, cursor);
        String snippet = code.substring(bounds[0], bounds[1]);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(snippet, cursor - bounds[0], anchor);
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(new ArrayList<>(matches), bounds[0] + anchor[0], cursor);
    }

    /** Signature and Javadoc of what is under the cursor, if JShell knows it. */
    @Override
    public synchronized Optional<String> documentation(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int[] bounds = snippetAround(code, end);
        String snippet = code.substring(bounds[0], bounds[1]);
        int at = end - bounds[0];
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, at, true);
        if (docs.isEmpty() && at > 0 && Character.isJavaIdentifierPart(snippet.charAt(at - 1))) {
            // JShell documents a method only inside its argument list: ask as if "(" followed.
            docs = analysis.documentation(snippet.substring(0, at) + "(", at + 1, true);
        }
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            text.append(doc.signature()).append('\n');
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append(doc.javadoc().strip()).append("\n\n");
            }
        }
        return Optional.of(text.toString().strip());
    }

    /** Whether Java source is complete, still open (a block or expression unfinished), or invalid. */
    @Override
    public synchronized Completeness completeness(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return Completeness.COMPLETE;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return Completeness.INCOMPLETE;
                case UNKNOWN:
                    return Completeness.INVALID;
                default:
                    remaining = info.remaining();
            }
        }
        return Completeness.COMPLETE;
    }

    /** Defines {@code name} as a session variable of {@code type} holding {@code value}. */
    @Override
    public synchronized void define(String name, Object value, Class<?> type, int cell) throws CellError {
        if (!SourceVersion.isName(name) || name.contains(".")) {
            throw new CellError("InvalidName", "'" + name + "' is not a Java variable name",
                    List.of("'" + name + "' is not a Java variable name"));
        }
        String key = Handoff.park(value);
        String typeName = type.getCanonicalName();
        // Assigning a variable of the same type keeps the snippets that use it: a new declaration
        // makes JShell recompile them and reset their variables to null/0 (issue 23).
        boolean sameType = variableType(name).filter(t -> t.equals(typeName) || t.equals(type.getSimpleName()))
                .isPresent();
        try {
            eval((sameType ? "" : typeName + " ") + name + " = (" + typeName + ") " + Handoff.class.getName()
                    + ".take(\"" + key + "\");", cell, 1);
        } finally {
            Handoff.discard(key);
        }
    }

    /** The declared type of session variable {@code name} as written (e.g. "int", "Table"), if there is one. */
    @Override
    public synchronized Optional<String> variableType(String name) {
        return shell.variables().filter(v -> v.name().equals(name) && shell.status(v).isActive())
                .map(VarSnippet::typeName).findFirst();
    }

    @Override
    public List<Path> classpath() {
        return List.copyOf(classpath);
    }

    /** Makes jars or class directories visible to later cells (compiler and class loader). */
    @Override
    public synchronized void addToClasspath(Path entry) {
        if (!classpath.contains(entry)) {
            shell.addToClasspath(entry.toString());
            classpath.add(entry);
        }
    }

    /** The loader of cells' classes and of the jars added to the class path (their services: ServiceLoader). */
    @Override
    public ClassLoader classLoader() {
        ClassLoader loader = engine.control.snippetLoader();
        if (loader == null) {
            // No snippet has loaded yet (the loader exists from JShell's start but shows only through a class).
            declare("int $lmlabLoaderProbe = 0;");
            synchronized (this) {
                shell.variables().filter(v -> v.name().equals("$lmlabLoaderProbe")).forEach(shell::drop);
            }
            loader = engine.control.snippetLoader();
        }
        return loader;
    }

    @Override
    public void close() {
        shell.close();
    }

    /** [start, end) of the snippet of {@code code} that contains {@code cursor}. */
    private int[] snippetAround(String code, int cursor) {
        int start = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                break;
            }
            int end = code.length() - info.remaining().length();
            if (end >= cursor) {
                return new int[] {start, end};
            }
            start = end;
            remaining = info.remaining();
        }
        return new int[] {start, code.length()};
    }

    /** Supplies the in-process engine to JShell. */
    private static final class InProcessProvider implements ExecutionControlProvider {
        private final boolean rewriteCells;
        private volatile CapturingExecutionControl control;

        InProcessProvider(boolean rewriteCells) {
            this.rewriteCells = rewriteCells;
        }

        @Override
        public String name() {
            return "lmlab-in-process";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            control = new CapturingExecutionControl(rewriteCells);
            return control;
        }
    }
}

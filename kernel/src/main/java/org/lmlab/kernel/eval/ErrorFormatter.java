package org.lmlab.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Builds readable errors: compile errors show the offending line with the span underlined,
 * exceptions show user frames as "Cell In[n], line k" and only the library frame where the
 * exception arose, so a trace points at the user's code rather than the kernel's.
 */
final class ErrorFormatter {

    private ErrorFormatter() {
    }

    static CellError compileError(String source, SourceLocation location, List<Diag> diagnostics) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : diagnostics) {
            if (!diag.isError()) {
                continue;
            }
            String message = diag.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            int position = (int) Math.max(0, Math.min(diag.getPosition(), source.length()));
            int lineStart = source.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
            if (position > 0 && position <= source.length() && source.charAt(position - 1) == '\n') {
                lineStart = position;
            }
            int lineEnd = source.indexOf('\n', lineStart);
            String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            int snippetLine = (int) source.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
            int start = (int) Math.max(lineStart, Math.min(diag.getStartPosition(), position)) - lineStart;
            int end = (int) Math.min(lineStart + line.length(), Math.max(diag.getEndPosition(), position + 1)) - lineStart;
            traceback.add(location.at(snippetLine) + ": " + message.lines().findFirst().orElse(""));
            traceback.add("    " + line);
            traceback.add("    " + " ".repeat(Math.max(0, start)) + "^".repeat(Math.max(1, end - start)));
            // JShell's wrapper classes have no name; a "location: class" line would only confuse.
            message.lines().skip(1).filter(rest -> !rest.strip().equals("location: class"))
                    .forEach(rest -> traceback.add("  " + rest));
        }
        if (first == null) {
            first = "the snippet was rejected";
            traceback.add(location.at(1) + ": " + first);
        }
        return new CellError("CompilationError", first, traceback);
    }

    static CellError exception(JShellException exception, Function<String, SourceLocation> origins) {
        List<String> traceback = new ArrayList<>();
        String ename;
        String evalue;
        if (exception instanceof UnresolvedReferenceException unresolved) {
            ename = "UnresolvedReference";
            evalue = unresolved.getSnippet().source().strip().lines().findFirst().orElse("")
                    + " uses a symbol that is not defined yet; define it and run again";
        } else {
            EvalException eval = (EvalException) exception;
            String className = eval.getExceptionClassName();
            ename = className.substring(className.lastIndexOf('.') + 1);
            evalue = eval.getMessage() == null ? "" : eval.getMessage();
        }
        for (Throwable t = exception; t != null; t = t.getCause()) {
            String header = t instanceof EvalException e ? e.getExceptionClassName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) : ename + ": " + evalue;
            traceback.add((t == exception ? "" : "Caused by: ") + header);
            appendFrames(t.getStackTrace(), origins, traceback);
        }
        return new CellError(ename, evalue, traceback);
    }

    private static void appendFrames(StackTraceElement[] frames, Function<String, SourceLocation> origins,
                                     List<String> traceback) {
        int hidden = 0;
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement frame = frames[i];
            String file = frame.getFileName();
            SourceLocation origin = file != null && file.startsWith("#") ? origins.apply(file.substring(1)) : null;
            if (origin != null) {
                String method = frame.getMethodName();
                String where = frame.getClassName().isEmpty() ? method : frame.getClassName() + "." + method;
                traceback.add("    at " + origin.at(frame.getLineNumber())
                        + (method.isEmpty() ? "" : " (in " + where + ")"));
            } else if (i == 0 && !frame.getClassName().startsWith("org.lmlab.kernel.")) {
                traceback.add("    at " + frame);
            } else if (!frame.getClassName().startsWith("org.lmlab.kernel.")
                    && !frame.getClassName().startsWith("jdk.internal.")
                    && !frame.getClassName().startsWith("java.lang.reflect.")) {
                hidden++;
            }
        }
        if (hidden > 0) {
            traceback.add("    (" + hidden + " library frame" + (hidden == 1 ? "" : "s") + " not shown)");
        }
    }
}

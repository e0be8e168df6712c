package org.lmlab.kernel.eval;

import java.lang.reflect.Method;
import jdk.jshell.execution.LocalExecutionControl;

/**
 * JShell's in-process engine, with the value of each snippet kept as a live object. Running in
 * the kernel's JVM lets display renderers see real tables and charts; JShell's own stop support
 * (Thread.stop on JDK 17-19, injected stop checks on newer JDKs) interrupts runaway cells. When
 * asked, each cell's classes have their exit calls and broad catch handlers rewritten ({@link CellRewriter}) before they load.
 */
final class CapturingExecutionControl extends LocalExecutionControl {

    private static final Method TRAMPOLINE = ValueTrampoline.method();

    private final boolean rewriteCells;
    private volatile ClassLoader snippetLoader;

    CapturingExecutionControl(boolean rewriteCells) {
        this.rewriteCells = rewriteCells;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        if (rewriteCells) {
            ClassBytecodes[] rewritten = new ClassBytecodes[classes.length];
            for (int i = 0; i < classes.length; i++) {
                rewritten[i] = new ClassBytecodes(classes[i].name(), CellRewriter.rewrite(classes[i].bytecodes()));
            }
            classes = rewritten;
        }
        super.load(classes);
        if (snippetLoader == null && classes.length > 0) {
            try {
                snippetLoader = findClass(classes[0].name()).getClassLoader();
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("JShell cannot find the class it just loaded: " + classes[0].name(), e);
            }
        }
    }

    /**
     * The loader of cells' classes, which also holds the jars added to the session's class path; null until the
     * first snippet loads. JShell does not expose it; the class of a loaded snippet names it.
     */
    ClassLoader snippetLoader() {
        return snippetLoader;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        ValueTrampoline.target = doitMethod;
        ValueTrampoline.result = null;
        return super.invoke(TRAMPOLINE);
    }
}

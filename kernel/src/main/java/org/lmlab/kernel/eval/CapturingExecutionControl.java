package org.lmlab.kernel.eval;

import java.lang.reflect.Method;
import jdk.jshell.execution.LocalExecutionControl;

/**
 * JShell's in-process engine, with the value of each snippet kept as a live object. Running in
 * the kernel's JVM lets display renderers see real tables and charts; JShell's own stop support
 * (Thread.stop on JDK 17-19, injected stop checks on newer JDKs) interrupts runaway cells.
 */
final class CapturingExecutionControl extends LocalExecutionControl {

    private static final Method TRAMPOLINE = ValueTrampoline.method();

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        ValueTrampoline.target = doitMethod;
        ValueTrampoline.result = null;
        return super.invoke(TRAMPOLINE);
    }
}

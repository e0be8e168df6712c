package org.lmlab.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs a snippet's generated {@code do_it$} method and keeps the live value it returns. JShell
 * only hands back a string of the value; renderers need the object itself. JShell's local
 * execution engine invokes {@link #run()} on its own snippet thread (so its stop mechanism still
 * applies) and we read {@link #result} afterwards. One evaluation runs at a time per JVM.
 */
public final class ValueTrampoline {

    static volatile Method target;
    static volatile Object result;

    private ValueTrampoline() {
    }

    /** Public and static so JShell can invoke it in place of the snippet method. */
    public static Object run() throws Throwable {
        try {
            Object value = target.invoke(null);
            result = value;
            return value;
        } catch (InvocationTargetException e) {
            // Unwrap so JShell reports the user's exception, not ours.
            throw e.getCause();
        }
    }

    static Method method() {
        try {
            return ValueTrampoline.class.getMethod("run");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}

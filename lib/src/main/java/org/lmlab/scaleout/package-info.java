/**
 * Opt-in scale-out (issue 21) seen from code that must not depend on its engine: {@link org.lmlab.scaleout.ScaleOut}
 * is the service an engine module (the {@code spark} module) implements and registers in
 * {@code META-INF/services}; the kernel finds it with {@link java.util.ServiceLoader} once the engine's jars are on the
 * session's class path. Nothing here names Spark's types.
 */
package org.lmlab.scaleout;

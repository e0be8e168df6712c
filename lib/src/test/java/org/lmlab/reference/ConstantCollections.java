package org.lmlab.reference;

import java.util.function.Supplier;

/**
 * Runs work while a thread asks for a garbage collection every millisecond. Memory that a Java
 * buffer owns is freed by the collector once the buffer is unreachable, so an engine tensor that
 * still reads such memory after its owner is gone reads freed (soon reused) memory: a computation
 * that does so gives other results here than in a quiet run.
 */
public final class ConstantCollections {

    private ConstantCollections() {
    }

    /** {@code work}'s result, computed while a collection is requested every millisecond. */
    public static <T> T during(Supplier<T> work) throws InterruptedException {
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-every-millisecond");
        collector.setDaemon(true);
        collector.start();
        try {
            return work.get();
        } finally {
            collector.interrupt();
            collector.join();
        }
    }
}

package org.lmlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watchdog acts when a watched thread ends while the server runs, and never after it stops. */
class ZeroMqWatchdogTest {

    @Test
    void aDeadThreadIsNoticedWhileRunning() throws Exception {
        Thread dies = new Thread(() -> { });
        dies.start();
        dies.join();
        CountDownLatch noticed = new CountDownLatch(1);
        KernelServer.watchdog(List.of(dies), () -> true, noticed::countDown);
        assertTrue(noticed.await(5, TimeUnit.SECONDS), "the dead thread was not noticed");
    }

    @Test
    void nothingHappensWhileThreadsLiveOrAfterTheServerStopped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread lives = runsUntil(release);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch noticed = new CountDownLatch(1);
        Thread watchdog = KernelServer.watchdog(List.of(lives), running::get, noticed::countDown);
        assertFalse(noticed.await(1500, TimeUnit.MILLISECONDS));
        running.set(false); // a server that closes ends its ZeroMQ threads on purpose
        release.countDown();
        watchdog.join(5_000);
        assertFalse(watchdog.isAlive());
        assertTrue(noticed.getCount() == 1, "acted after the server stopped");
    }

    /** A ZeroMQ loop struck by OutOfMemoryError is entered again; it ends only when it returns. */
    @Test
    void aLoopStruckByOutOfMemoryGoesOn() throws Exception {
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger recoveries = new AtomicInteger();
        Runnable loop = () -> {
            if (entered.incrementAndGet() <= 2) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        Thread thread = new Thread(KernelServer.survivingOutOfMemory(loop, recoveries));
        thread.start();
        thread.join(5_000);
        assertFalse(thread.isAlive());
        assertEquals(3, entered.get(), "entered once, then again after each of the two errors");
        assertEquals(2, recoveries.get());
    }

    /** Other failures are not hidden: the thread ends, and the watchdog sees it. */
    @Test
    void otherErrorsStillEndTheLoop() throws Exception {
        AtomicInteger recoveries = new AtomicInteger();
        Thread thread = new Thread(KernelServer.survivingOutOfMemory(() -> {
            throw new IllegalStateException("a bug");
        }, recoveries));
        thread.setUncaughtExceptionHandler((t, e) -> { });
        thread.start();
        thread.join(5_000);
        assertFalse(thread.isAlive());
        assertEquals(0, recoveries.get());
    }

    /** The watchdog itself outlives an OutOfMemoryError in its round (it struck one in a test run). */
    @Test
    void theWatchdogOutlivesAnOutOfMemoryError() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread lives = runsUntil(release);
        CountDownLatch struck = new CountDownLatch(1);
        CountDownLatch noticed = new CountDownLatch(1);
        Thread watchdog = KernelServer.watchdog(List.of(lives), () -> true, noticed::countDown, () -> {
            if (struck.getCount() > 0) {
                struck.countDown();
                throw new OutOfMemoryError("Java heap space");
            }
        });
        assertTrue(struck.await(10, TimeUnit.SECONDS));
        release.countDown(); // the watched thread ends after the error: the watchdog must still notice
        assertTrue(noticed.await(10, TimeUnit.SECONDS), "the watchdog died with the error");
        watchdog.join(5_000);
    }

    /** A started thread that ends when {@code release} is counted down. */
    private static Thread runsUntil(CountDownLatch release) {
        Thread thread = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        return thread;
    }
}

package org.lmlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        Thread lives = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        lives.start();
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
}

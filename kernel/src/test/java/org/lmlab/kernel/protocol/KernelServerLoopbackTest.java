package org.lmlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server and the in-process client over real ZeroMQ sockets, as the start-up training uses them. */
class KernelServerLoopbackTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ConnectionInfo connection(String key) throws IOException {
        return new ConnectionInfo("tcp", "127.0.0.1", freePort(), freePort(), freePort(), freePort(), freePort(),
                key, "hmac-sha256");
    }

    private static final RequestHandler ECHO = request -> {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("asked", request.message().type() + " on " + request.channel());
        request.reply(request.message().type().replace("_request", "_reply"), content);
    };

    @Test
    void theWatchdogWatchesOnlyTheServersOwnZeroMqThreads() throws Exception {
        // The installer's start-up training runs a client in the kernel's JVM; when the client
        // closed, its ending I/O thread once made the kernel halt (status 70) mid-shutdown.
        ConnectionInfo info = connection("secret");
        try (LoopbackClient early = new LoopbackClient(info); KernelServer server = new KernelServer(info)) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            server.bind();
            List<Thread> watched = server.watchedThreads();
            assertFalse(watched.isEmpty(), "no ZeroMQ thread recorded");
            assertTrue(watched.stream().noneMatch(before::contains), "watches a thread that existed before: " + watched);
            assertTrue(watched.stream().allMatch(t -> t.getName().startsWith("iothread-")
                    || t.getName().startsWith("reaper-")), watched.toString());
            Set<Thread> late;
            try (LoopbackClient client = new LoopbackClient(info)) {
                late = new HashSet<>(Thread.getAllStackTraces().keySet());
                late.removeAll(before);
                late.removeAll(watched);
            }
            assertTrue(watched.stream().noneMatch(late::contains), "watches the client's threads");
            assertTrue(watched.stream().allMatch(Thread::isAlive));
        }
    }

    @Test
    void requestsSentBeforeServingAreAnsweredOnceServing() throws Exception {
        ConnectionInfo info = connection("secret");
        try (KernelServer server = new KernelServer(info); LoopbackClient client = new LoopbackClient(info)) {
            server.bind();
            // The front end asks while the kernel is still being built: the request waits in the socket.
            CompletableFuture<JsonObject> reply = CompletableFuture.supplyAsync(
                    () -> client.request(Channel.SHELL, "kernel_info_request", new JsonObject(), 10_000));
            Thread.sleep(300);
            server.serve(ECHO);
            assertEquals("kernel_info_request on SHELL", reply.get(10, TimeUnit.SECONDS).get("asked").getAsString());
            assertEquals("shutdown_request on CONTROL",
                    client.request(Channel.CONTROL, "shutdown_request", new JsonObject(), 10_000).get("asked").getAsString());
        }
    }

    @Test
    void keysThatDifferMakeEverySideRejectTheOther() throws Exception {
        ConnectionInfo info = connection("secret");
        ConnectionInfo wrongKey = new ConnectionInfo(info.transport(), info.ip(), info.shellPort(), info.iopubPort(),
                info.stdinPort(), info.controlPort(), info.hbPort(), "not-the-key", info.signatureScheme());
        try (KernelServer server = new KernelServer(info); LoopbackClient client = new LoopbackClient(wrongKey)) {
            server.start(ECHO);
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> client.request(Channel.SHELL, "kernel_info_request", new JsonObject(), 1_000));
            // The kernel drops the request; the client, seeing the kernel's iopub greeting signed
            // with another key, refuses it rather than trusting it.
            assertTrue(error.getMessage().equals("no reply to kernel_info_request within 1000 ms")
                    || error.getMessage().endsWith("invalid signature"), error.getMessage());
        }
    }
}

package org.lmlab.kernel.install;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.lmlab.kernel.launch.KernelLauncher;
import org.lmlab.kernel.protocol.Channel;
import org.lmlab.kernel.protocol.ConnectionInfo;
import org.lmlab.kernel.protocol.LoopbackClient;

/**
 * A short run of the real kernel, driven by an in-process client through a first session
 * (kernel_info, a cell with a display and a result, completion, shutdown), so the installer can
 * record the classes it loads in a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}).
 * Kernels started with that archive map those classes instead of loading and verifying them.
 */
public final class CdsTraining {

    public static final String FLAG = "--cds-training";

    private static final int JSHELL_START_MS = 120_000;
    private static final int REPLY_MS = 30_000;

    private CdsTraining() {
    }

    public static int run() {
        // The kernel replaces System.err with a cell stream; failures go to the original.
        PrintStream err = System.err;
        Path connection;
        try {
            connection = Files.createTempFile("lmlab-cds", ".json");
            Files.writeString(connection, "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"key\": \"cds-training\", "
                    + "\"signature_scheme\": \"hmac-sha256\", \"shell_port\": " + freePort()
                    + ", \"iopub_port\": " + freePort() + ", \"stdin_port\": " + freePort()
                    + ", \"control_port\": " + freePort() + ", \"hb_port\": " + freePort() + "}");
        } catch (IOException e) {
            err.println("lmlab: class-data-sharing training failed: " + e);
            return 1;
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread client = new Thread(() -> {
            try (LoopbackClient session = new LoopbackClient(ConnectionInfo.read(connection))) {
                firstSession(session);
            } catch (Exception e) {
                failure.set(e);
            }
        }, "lmlab-cds-client");
        client.setDaemon(true);
        client.start();
        int status = KernelLauncher.run(connection);
        try {
            client.join(REPLY_MS);
            Files.deleteIfExists(connection);
        } catch (InterruptedException | IOException e) {
            failure.compareAndSet(null, e);
        }
        if (status != 0 || failure.get() != null) {
            err.println("lmlab: class-data-sharing training failed: "
                    + (failure.get() != null ? failure.get() : "kernel exit status " + status));
            return 1;
        }
        return 0;
    }

    private static void firstSession(LoopbackClient session) {
        session.request(Channel.SHELL, "kernel_info_request", new JsonObject(), REPLY_MS);
        JsonObject cell = new JsonObject();
        cell.addProperty("code", "display(Content.html(\"<b>x</b>\"));\n1 + 1");
        cell.addProperty("silent", false);
        cell.addProperty("store_history", true);
        cell.add("user_expressions", new JsonObject());
        cell.addProperty("allow_stdin", false);
        JsonObject executed = session.request(Channel.SHELL, "execute_request", cell, JSHELL_START_MS);
        if (!"ok".equals(executed.get("status").getAsString())) {
            throw new IllegalStateException("the training cell failed: " + executed);
        }
        JsonObject complete = new JsonObject();
        complete.addProperty("code", "Strin");
        complete.addProperty("cursor_pos", 5);
        session.request(Channel.SHELL, "complete_request", complete, REPLY_MS);
        JsonObject shutdown = new JsonObject();
        shutdown.addProperty("restart", false);
        session.request(Channel.CONTROL, "shutdown_request", shutdown, REPLY_MS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.lmlab.kernel;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderers;
import org.lmlab.kernel.eval.JShellEvaluator;
import org.lmlab.kernel.protocol.ConnectionInfo;
import org.lmlab.kernel.protocol.KernelServer;

/**
 * A short run that loads the classes a kernel needs to start and run its first cell, so the
 * installer can record them in a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}).
 * Kernels started with that archive map the classes instead of loading and verifying them.
 */
final class CdsTraining {

    static final String FLAG = "--cds-training";

    private CdsTraining() {
    }

    static int run() {
        try {
            Path connection = Files.createTempFile("lmlab-cds", ".json");
            Files.writeString(connection, "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"key\": \"k\", "
                    + "\"signature_scheme\": \"hmac-sha256\", \"shell_port\": " + freePort()
                    + ", \"iopub_port\": " + freePort() + ", \"stdin_port\": " + freePort()
                    + ", \"control_port\": " + freePort() + ", \"hb_port\": " + freePort() + "}");
            ConnectionInfo info = ConnectionInfo.read(connection);
            Files.delete(connection);
            try (KernelServer server = new KernelServer(info)) {
                server.start(request -> { });
                try (JShellEvaluator jshell = JShellEvaluator.start(KernelLauncher.classpath())) {
                    Object value = jshell.eval("display(Content.html(\"<b>x</b>\"));\n1 + 1", 1, 1).value();
                    MimeBundle bundle = new Renderers(message -> { }).render(value);
                    jshell.complete("Strin", 5);
                    jshell.completeness(bundle.plainText());
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("lmlab: class-data-sharing training failed: " + e);
            return 1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

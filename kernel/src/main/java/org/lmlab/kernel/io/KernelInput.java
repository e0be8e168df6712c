package org.lmlab.kernel.io;

import java.util.function.BooleanSupplier;
import org.lmlab.display.InputSource;
import org.lmlab.kernel.protocol.Json;
import org.lmlab.kernel.protocol.KernelServer;
import org.lmlab.kernel.protocol.Message;

/** Input typed in the front end, requested over the stdin channel for the current execute request. */
public final class KernelInput implements InputSource {

    private final KernelServer server;
    private final Output output;
    private final BooleanSupplier cancelled;

    public KernelInput(KernelServer server, Output output, BooleanSupplier cancelled) {
        this.server = server;
        this.output = output;
        this.cancelled = cancelled;
    }

    @Override
    public String readLine(String prompt, boolean password) {
        Message parent = output.parent();
        if (parent == null || !Json.bool(parent.content(), "allow_stdin", false)) {
            throw new UnsupportedOperationException(
                    "this front end does not accept input (the request has allow_stdin=false)");
        }
        try {
            return server.requestInput(parent, prompt, password, cancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("input was cancelled by an interrupt", e);
        }
    }
}

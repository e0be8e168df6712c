package org.lmlab.kernel.io;

import com.google.gson.JsonObject;
import org.lmlab.kernel.protocol.KernelServer;
import org.lmlab.kernel.protocol.Message;

/**
 * Publishes on IOPub on behalf of whatever request is current. Output written by a cell (or by a
 * thread it started) belongs to the latest execute request, which is what front ends expect.
 */
public final class Output {

    private final KernelServer server;
    private volatile Message parent;

    public Output(KernelServer server) {
        this.server = server;
    }

    public void setParent(Message message) {
        parent = message;
    }

    public Message parent() {
        return parent;
    }

    public void publish(String msgType, JsonObject content) {
        server.publish(parent, msgType, content);
    }
}

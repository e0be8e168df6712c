package org.lmlab.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal front end in the kernel's own process: it connects to a kernel's shell, control and
 * iopub sockets and exchanges signed requests and replies exactly as Jupyter does. The start-up
 * archive is trained with it, so the archive holds the classes of a real first exchange
 * (handshake, framing, signing, replies), not only those of binding sockets.
 */
public final class LoopbackClient implements AutoCloseable {

    private final ZContext context = new ZContext();
    private final WireCodec codec;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final String session = UUID.randomUUID().toString();

    public LoopbackClient(ConnectionInfo connection) {
        codec = new WireCodec(new MessageSigner(connection.signatureScheme(), connection.key()));
        shell = connect(SocketType.DEALER, connection.endpoint(connection.shellPort()));
        control = connect(SocketType.DEALER, connection.endpoint(connection.controlPort()));
        iopub = connect(SocketType.SUB, connection.endpoint(connection.iopubPort()));
        iopub.subscribe(new byte[0]);
    }

    /**
     * Sends a request and returns the reply's content.
     *
     * @throws IllegalStateException when no reply arrives within {@code timeoutMs}
     */
    public JsonObject request(Channel channel, String msgType, JsonObject content, int timeoutMs) {
        ZMQ.Socket socket = channel == Channel.SHELL ? shell : control;
        Message request = new Message(List.of(), Header.fresh(session, msgType), new JsonObject(), new JsonObject(),
                content, List.of());
        Frames.send(socket, codec.encode(request));
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            drainIopub();
            List<byte[]> reply = Frames.receive(socket, 50);
            if (reply == null) {
                continue;
            }
            try {
                Message message = codec.decode(reply);
                if (request.header().msgId().equals(message.parentHeader().has("msg_id")
                        ? message.parentHeader().get("msg_id").getAsString() : null)) {
                    return message.content();
                }
            } catch (MessageFormatException e) {
                throw new IllegalStateException("the kernel sent a malformed reply to " + msgType + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no reply to " + msgType + " within " + timeoutMs + " ms");
    }

    /** Reads (and decodes, as a front end does) whatever the kernel has published. */
    private void drainIopub() {
        List<byte[]> frames;
        while ((frames = Frames.receive(iopub, 0)) != null) {
            try {
                codec.decode(frames);
            } catch (MessageFormatException e) {
                throw new IllegalStateException("the kernel published a malformed message: " + e.getMessage(), e);
            }
        }
    }

    private ZMQ.Socket connect(SocketType type, String endpoint) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.connect(endpoint);
        return socket;
    }

    @Override
    public void close() {
        context.close();
    }
}

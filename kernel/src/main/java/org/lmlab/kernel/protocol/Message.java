package org.lmlab.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message. {@code parentHeader} is kept as the JSON that arrived so replies echo it
 * unchanged; {@code identities} are the ZeroMQ routing prefixes a reply must carry back.
 */
public record Message(List<byte[]> identities, Header header, JsonObject parentHeader, JsonObject metadata,
                      JsonObject content, List<byte[]> buffers) {

    public Message {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    public String type() {
        return header.msgType();
    }

    /** A message of {@code msgType} answering (or caused by) {@code parent}. */
    public static Message child(Message parent, String session, String msgType, JsonObject content,
                                List<byte[]> identities) {
        JsonObject parentHeader = parent == null ? new JsonObject() : parent.rawHeader();
        return new Message(identities, Header.fresh(session, msgType), parentHeader, new JsonObject(), content, List.of());
    }

    /** The header as JSON, for use as a parent header. */
    public JsonObject rawHeader() {
        return header.toJson();
    }
}

package org.lmlab.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/** A request being handled: its message, and how to answer it on its channel and on IOPub. */
public interface Request {

    Message message();

    Channel channel();

    /** Sends {@code msgType} (e.g. {@code execute_reply}) back to the requester. */
    void reply(String msgType, JsonObject content);

    /** Publishes on IOPub with this request as parent. Thread-safe. */
    void publish(String msgType, JsonObject content);

    /**
     * Takes the requests already waiting on this request's socket, without blocking; used to
     * abort cells queued behind a failed one (stop_on_error). Call on the channel's thread.
     */
    List<Request> takeQueued();

    default String type() {
        return message().type();
    }

    default JsonObject content() {
        return message().content();
    }
}

package org.lmlab.kernel.protocol;

/** Handles one request; called on the thread of the channel it arrived on. */
@FunctionalInterface
public interface RequestHandler {
    void handle(Request request);
}

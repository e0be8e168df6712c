package org.lmlab.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart send and receive on a ZeroMQ socket, shared by the kernel's server and its loopback client. */
final class Frames {

    private Frames() {
    }

    /** Receives one multipart message, or null when none arrives within {@code timeoutMs} (0: do not wait). */
    static List<byte[]> receive(ZMQ.Socket socket, int timeoutMs) {
        byte[] first;
        if (timeoutMs == 0) {
            first = socket.recv(ZMQ.DONTWAIT);
        } else {
            socket.setReceiveTimeOut(timeoutMs);
            first = socket.recv(0);
        }
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    static void send(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }
}

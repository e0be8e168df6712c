package org.lmlab.kernel.protocol;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The kernel's five ZeroMQ sockets and the threads that serve them. ZeroMQ sockets are not
 * thread-safe, so each is owned by one thread: shell and control requests are handled on their
 * own threads, IOPub messages go through a queue to a publisher thread, the heartbeat echoes on
 * its own, and stdin is used under a lock by whichever cell asks for input.
 */
public final class KernelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelServer.class);
    private static final int POLL_MS = 100;
    private static final int WELCOME_POLL_MS = 10;
    private static final Message STOP = new Message(List.of(), new Header("", "", "", "", "stop", ""),
            new JsonObject(), new JsonObject(), new JsonObject(), List.of());

    private final ConnectionInfo connection;
    private final WireCodec codec;
    private final String session = UUID.randomUUID().toString();
    private final ZContext context = new ZContext();
    private final BlockingQueue<Message> iopubQueue = new LinkedBlockingQueue<>();
    private final Object stdinLock = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Thread> zeroMqThreads = new CopyOnWriteArrayList<>();
    private final AtomicInteger zeroMqRecoveries = new AtomicInteger();
    private volatile boolean running;
    private ZMQ.Socket stdin;
    private ZMQ.Socket shell;
    private ZMQ.Socket control;

    public KernelServer(ConnectionInfo connection) {
        this.connection = connection;
        this.codec = new WireCodec(new MessageSigner(connection.signatureScheme(), connection.key()));
        // The threads this context starts (its I/O thread and reaper) survive a full heap, and are
        // recorded so the watchdog watches exactly them and not another context's in the same JVM
        // (the installer's start-up training runs a client beside the kernel, whose threads end
        // when it closes).
        var base = context.getThreadFactory();
        context.setThreadFactor((task, name) -> {
            Thread thread = base.apply(survivingOutOfMemory(task, zeroMqRecoveries), name);
            zeroMqThreads.add(thread);
            return thread;
        });
    }

    public String session() {
        return session;
    }

    /** Binds every socket and starts serving; returns at once. */
    public void start(RequestHandler handler) {
        bind();
        serve(handler);
    }

    /**
     * Binds every socket and starts the heartbeat and IOPub; requests wait in the sockets until
     * {@link #serve}. Binding first lets a front end connect while the kernel is still being built
     * (its connect retries are 100 ms apart).
     */
    public void bind() {
        running = true;
        shell = bind(SocketType.ROUTER, connection.shellPort());
        control = bind(SocketType.ROUTER, connection.controlPort());
        // XPUB so the kernel sees subscriptions and can greet each with iopub_welcome (JEP 65).
        ZMQ.Socket iopub = context.createSocket(SocketType.XPUB);
        iopub.setXpubVerbose(true);
        bindTo(iopub, SocketType.XPUB, connection.iopubPort());
        ZMQ.Socket heartbeat = bind(SocketType.REP, connection.hbPort());
        stdin = bind(SocketType.ROUTER, connection.stdinPort());
        startThread("lmlab-heartbeat", () -> echo(heartbeat));
        startThread("lmlab-iopub", () -> publishLoop(iopub));
        watchZeroMqThreads(watchedThreads());
    }

    /** The ZeroMQ threads this server's context started (they start with its first socket). */
    List<Thread> watchedThreads() {
        return List.copyOf(zeroMqThreads);
    }

    /**
     * Runs one of ZeroMQ's loops (the I/O thread's poller, the reaper) so that an OutOfMemoryError
     * does not end it. When a cell exhausts the heap the error strikes whichever thread allocates
     * next; without its I/O thread the kernel can neither hear nor answer and a front end shows it
     * busy for ever. JeroMQ's poller keeps its state in fields and its loop can be entered again:
     * a message being moved at that moment may be lost, the session is not.
     */
    static Runnable survivingOutOfMemory(Runnable loop, AtomicInteger recoveries) {
        return () -> {
            while (true) {
                try {
                    loop.run();
                    return;
                } catch (OutOfMemoryError e) {
                    recoveries.incrementAndGet(); // no logging here: it allocates, and the heap is full
                    try {
                        Thread.sleep(50); // the memory guard is stopping the cell that filled the heap
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        };
    }

    /**
     * Should a ZeroMQ thread end all the same, exiting lets the front end see a dead kernel and
     * offer a restart instead of leaving the user waiting. The same watchdog reports the loops that
     * survived an OutOfMemoryError, once memory is back.
     */
    private void watchZeroMqThreads(List<Thread> zmq) {
        int[] reported = {0};
        watchdog(zmq, () -> running, () -> {
            LOG.error("ZeroMQ's I/O thread died: the kernel can no longer talk to the front end; exiting so that "
                    + "the front end can restart it");
            Runtime.getRuntime().halt(70);
        }, () -> {
            int now = zeroMqRecoveries.get();
            if (now != reported[0]) {
                reported[0] = now;
                LOG.warn("ZeroMQ's I/O loop went on after an OutOfMemoryError ({} time(s) so far); a message moved at "
                        + "that moment may have been lost", now);
            }
        });
    }

    /** Calls {@code onDeath} once when any of {@code threads} has ended while {@code running} holds. */
    static Thread watchdog(List<Thread> threads, BooleanSupplier running, Runnable onDeath) {
        return watchdog(threads, running, onDeath, () -> { });
    }

    /**
     * The watchdog, which also runs {@code eachRound} every second. It must outlive a full heap
     * itself: its round allocates nothing, and an OutOfMemoryError in it is waited out.
     */
    static Thread watchdog(List<Thread> threads, BooleanSupplier running, Runnable onDeath, Runnable eachRound) {
        Thread[] watched = threads.toArray(new Thread[0]);
        Thread watchdog = new Thread(() -> {
            while (running.getAsBoolean()) {
                try {
                    if (anyDead(watched) && running.getAsBoolean()) {
                        onDeath.run();
                        return;
                    }
                    eachRound.run();
                } catch (OutOfMemoryError e) {
                    // try again next round
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lmlab-zmq-watchdog");
        watchdog.setDaemon(true);
        if (watched.length > 0) {
            watchdog.start();
        }
        return watchdog;
    }

    private static boolean anyDead(Thread[] threads) {
        for (Thread t : threads) {
            if (!t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /** Starts answering shell and control requests (after {@link #bind}). */
    public void serve(RequestHandler handler) {
        startThread("lmlab-control", () -> serve(control, Channel.CONTROL, handler));
        startThread("lmlab-shell", () -> serve(shell, Channel.SHELL, handler));
    }

    /** Queues a message on IOPub; safe from any thread. */
    public void publish(Message parent, String msgType, JsonObject content) {
        // The topic frame lets subscribers filter; clients subscribe to everything.
        iopubQueue.add(Message.child(parent, session, msgType, content, List.of(msgType.getBytes())));
    }

    /**
     * Asks the front end for a line of input on the stdin channel and waits for the reply.
     *
     * @param cancelled polled while waiting, so an interrupt ends the wait
     * @throws InterruptedException when cancelled or the kernel stops
     */
    public String requestInput(Message parent, String prompt, boolean password, BooleanSupplier cancelled)
            throws InterruptedException {
        synchronized (stdinLock) {
            JsonObject content = new JsonObject();
            content.addProperty("prompt", prompt);
            content.addProperty("password", password);
            // Drop stale replies from an earlier, cancelled request.
            while (stdin.recv(ZMQ.DONTWAIT) != null) {
                LOG.debug("discarded a stale stdin frame");
            }
            send(stdin, Message.child(parent, session, "input_request", content, parent.identities()));
            while (running && !cancelled.getAsBoolean()) {
                List<byte[]> frames = Frames.receive(stdin, POLL_MS);
                if (frames == null) {
                    continue;
                }
                try {
                    Message reply = codec.decode(frames);
                    if (reply.type().equals("input_reply")) {
                        return Json.string(reply.content(), "value", "");
                    }
                    LOG.warn("ignored {} on the stdin channel", reply.type());
                } catch (MessageFormatException e) {
                    LOG.warn("rejected a stdin message: {}", e.getMessage());
                }
            }
            throw new InterruptedException("input request cancelled");
        }
    }

    @Override
    public void close() {
        running = false;
        iopubQueue.add(STOP);
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                try {
                    thread.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        context.close();
    }

    private ZMQ.Socket bind(SocketType type, int port) {
        return bindTo(context.createSocket(type), type, port);
    }

    private ZMQ.Socket bindTo(ZMQ.Socket socket, SocketType type, int port) {
        socket.setLinger(1000);
        String endpoint = connection.endpoint(port);
        try {
            if (!socket.bind(endpoint)) {
                throw new IllegalStateException("cannot bind " + type + " socket to " + endpoint);
            }
        } catch (ZMQException e) {
            throw new IllegalStateException("cannot listen on " + endpoint + " (" + type + " socket): "
                    + (e.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode() ? "the address is already in use"
                    : e.getMessage()), e);
        }
        return socket;
    }

    /**
     * Starts one of the kernel's own threads. Its loop is restarted when an Error escapes it (an
     * OutOfMemoryError from a cell that filled the heap can strike any thread that allocates): a
     * dead heartbeat or IOPub thread would lose the session.
     */
    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            while (running) {
                try {
                    body.run();
                    return;
                } catch (Throwable t) { // NOPMD - the loop must outlive any failure, OOM included
                    try {
                        LOG.error("{} failed; restarting its loop", name, t);
                        Thread.sleep(50);
                    } catch (Throwable ignored) { // NOPMD - still short of memory: just retry
                    }
                }
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void serve(ZMQ.Socket socket, Channel channel, RequestHandler handler) {
        while (running) {
            List<byte[]> frames = Frames.receive(socket, POLL_MS);
            if (frames == null) {
                continue;
            }
            Message message;
            try {
                message = codec.decode(frames);
            } catch (MessageFormatException | RuntimeException e) {
                LOG.warn("rejected a message on {}: {}", channel, e.getMessage());
                continue;
            }
            try {
                handler.handle(new SocketRequest(socket, channel, message));
            } catch (RuntimeException | Error e) {
                // A handler bug must not end the channel; the client sees no reply for this one.
                LOG.error("handling {} on {} failed", message.type(), channel, e);
            }
        }
    }

    private void echo(ZMQ.Socket heartbeat) {
        ZMQ.Poller poller = context.createPoller(1);
        poller.register(heartbeat, ZMQ.Poller.POLLIN);
        while (running) {
            if (poller.poll(POLL_MS) > 0 && poller.pollin(0)) {
                byte[] ping = heartbeat.recv(ZMQ.DONTWAIT);
                if (ping != null) {
                    heartbeat.send(ping);
                }
            }
        }
        poller.close();
    }

    private void publishLoop(ZMQ.Socket iopub) {
        while (true) {
            try {
                welcomeSubscribers(iopub);
                Message message = iopubQueue.poll(WELCOME_POLL_MS, TimeUnit.MILLISECONDS);
                if (message == STOP || (message == null && !running)) {
                    return;
                }
                if (message != null) {
                    send(iopub, message);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Answers each new subscription with an iopub_welcome carrying its topic. */
    private void welcomeSubscribers(ZMQ.Socket iopub) {
        byte[] event;
        while ((event = iopub.recv(ZMQ.DONTWAIT)) != null) {
            if (event.length > 0 && event[0] == 1) {
                JsonObject content = new JsonObject();
                content.addProperty("subscription",
                        new String(event, 1, event.length - 1, StandardCharsets.UTF_8));
                send(iopub, Message.child(null, session, "iopub_welcome", content,
                        List.of("iopub_welcome".getBytes())));
            }
        }
    }

    private void send(ZMQ.Socket socket, Message message) {
        Frames.send(socket, codec.encode(message));
    }

    /** A request bound to the socket it came from; replies go back on that socket's thread. */
    private final class SocketRequest implements Request {
        private final ZMQ.Socket socket;
        private final Channel channel;
        private final Message message;

        SocketRequest(ZMQ.Socket socket, Channel channel, Message message) {
            this.socket = socket;
            this.channel = channel;
            this.message = message;
        }

        @Override
        public Message message() {
            return message;
        }

        @Override
        public Channel channel() {
            return channel;
        }

        @Override
        public void reply(String msgType, JsonObject content) {
            send(socket, Message.child(message, session, msgType, content, message.identities()));
        }

        @Override
        public void publish(String msgType, JsonObject content) {
            KernelServer.this.publish(message, msgType, content);
        }

        @Override
        public List<Request> takeQueued() {
            List<Request> queued = new ArrayList<>();
            List<byte[]> frames;
            while ((frames = Frames.receive(socket, 0)) != null) {
                try {
                    queued.add(new SocketRequest(socket, channel, codec.decode(frames)));
                } catch (MessageFormatException | RuntimeException e) {
                    LOG.warn("rejected a message on {}: {}", channel, e.getMessage());
                }
            }
            return queued;
        }
    }
}

package org.lmlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lmlab.display.DisplaySink;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderers;
import org.lmlab.kernel.eval.CellError;
import org.lmlab.kernel.eval.Completeness;
import org.lmlab.kernel.eval.Completion;
import org.lmlab.kernel.eval.Evaluation;
import org.lmlab.kernel.eval.Evaluator;
import org.lmlab.kernel.io.KernelDisplaySink;
import org.lmlab.kernel.protocol.Channel;
import org.lmlab.kernel.protocol.Header;
import org.lmlab.kernel.protocol.Json;
import org.lmlab.kernel.protocol.Message;
import org.lmlab.kernel.protocol.Request;
import org.lmlab.kernel.protocol.RequestHandler;
import org.lmlab.magics.Magic;
import org.lmlab.magics.MagicLine;
import org.lmlab.magics.MagicRegistry;
import org.lmlab.magics.UnknownMagicException;
import org.lmlab.progress.Cancellation;
import org.lmlab.table.TableCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handlers of the lmlab kernel, one per message type in a table. Every request is
 * framed by busy/idle status on IOPub. Cells run on a dedicated thread so the shell thread, which
 * owns a ZeroMQ socket, is never interrupted; JShell is started on that thread in the
 * background so kernel_info is answered at once.
 */
public final class LmlabKernel implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LmlabKernel.class);
    /** How long a stopped cell's leftover common-pool tasks get to see the stop before the next cell. */
    private static final long QUIESCENCE_SECONDS = 10;
    public static final String VERSION = "0.1.0";

    /** What the control channel serves; everything else is shell-only. */
    private static final Set<String> CONTROL_TYPES = Set.of(
            "kernel_info_request", "shutdown_request", "interrupt_request", "comm_info_request");

    private static final Pattern HELP_REQUEST =
            Pattern.compile("\\s*(?:\\?([%\\w.$]+)|([%\\w.$]+)\\?)\\s*");

    private final Map<String, Consumer<Request>> handlers = Map.ofEntries(
            Map.entry("kernel_info_request", this::kernelInfo),
            Map.entry("execute_request", this::execute),
            Map.entry("complete_request", this::complete),
            Map.entry("inspect_request", this::inspect),
            Map.entry("is_complete_request", this::isComplete),
            Map.entry("history_request", this::history),
            Map.entry("comm_info_request", this::commInfo),
            Map.entry("comm_open", this::commOpen),
            Map.entry("comm_msg", request -> { }),
            Map.entry("comm_close", request -> { }),
            Map.entry("interrupt_request", this::interrupt),
            Map.entry("shutdown_request", this::shutdown));

    /** Makes a request the parent of what cells print and display (the kernel's IOPub output). */
    private final Consumer<Message> outputParent;
    private final ExecutorService cellThread;
    private final CompletableFuture<Evaluator> evaluator;
    private final CompletableFuture<MagicRegistry> magics;
    private final Renderers renderers;
    private final DisplaySink display;
    private final Runnable flushStreams;
    private final Runnable onShutdown;
    private final History history = new History();
    private final TableCatalog tables = new TableCatalog();
    private int executionCount;
    private volatile CellRunner runningCell;
    /** Counted down after the first request is answered; start-up work waits for it (briefly). */
    private final CountDownLatch firstReply = new CountDownLatch(1);
    private volatile Thread runningThread;
    /** Interrupts received while the current cell runs. */
    private final AtomicInteger interrupts = new AtomicInteger();
    private final MemoryGuard memory;

    public LmlabKernel(Consumer<Message> outputParent, ExecutorService cellThread, CompletableFuture<Evaluator> evaluator,
                CompletableFuture<MagicRegistry> magics, Renderers renderers, DisplaySink display, Runnable flushStreams,
                Runnable onShutdown) {
        this.outputParent = outputParent;
        this.cellThread = cellThread;
        this.evaluator = evaluator;
        this.magics = magics;
        this.renderers = renderers;
        this.display = display;
        this.flushStreams = flushStreams;
        this.onShutdown = onShutdown;
        this.memory = MemoryGuard.install(() -> evaluator.thenAccept(Evaluator::interrupt));
    }

    @Override
    public void handle(Request request) {
        Consumer<Request> handler = handlers.get(request.type());
        if (handler == null) {
            LOG.warn("ignored unknown message type \"{}\" on {}", request.type(), request.channel());
            return;
        }
        request.publish("status", status("busy"));
        try {
            if (request.channel() == Channel.CONTROL && !CONTROL_TYPES.contains(request.type())) {
                // The control thread must stay free for interrupts and never run JShell
                // concurrently with the shell: other requests belong on the shell channel.
                replyError(request, "WrongChannel", request.type() + " is only served on the shell channel");
            } else {
                handler.accept(request);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("handling {} failed", request.type(), e);
            replyError(request, "KernelError", "the kernel failed to handle " + request.type() + ": " + e);
        } catch (OutOfMemoryError e) {
            // Whatever was being built for this request is garbage now; answer so no client waits forever.
            replyError(request, "OutOfMemoryError", "the kernel ran short of memory while handling "
                    + request.type() + "; " + MemoryReport.heapFigures());
        } finally {
            request.publish("status", status("idle"));
            firstReply.countDown();
        }
    }

    /** An error reply, so a client waiting for one is never left hanging. */
    private static void replyError(Request request, String ename, String evalue) {
        if (!request.type().endsWith("_request")) {
            return;
        }
        JsonObject content = errorContent(new CellError(ename, evalue, List.of(ename + ": " + evalue)));
        content.addProperty("status", "error");
        request.reply(request.type().replace("_request", "_reply"), content);
    }

    /** Marks requests queued behind a failed cell as aborted, as stop_on_error asks. */
    private void abortQueued(Request failed) {
        for (Request queued : failed.takeQueued()) {
            if (queued.type().equals("execute_request")) {
                queued.publish("status", status("busy"));
                JsonObject aborted = new JsonObject();
                aborted.addProperty("status", "aborted");
                aborted.addProperty("execution_count", executionCount);
                queued.reply("execute_reply", aborted);
                queued.publish("status", status("idle"));
            } else {
                handle(queued);
            }
        }
    }

    /** Interrupts the running cell; used by interrupt_request and by SIGINT. */
    public void interrupt() {
        // First: a cooperative stop. JShell stops Java code; library loops and the cells' broad
        // catch handlers check Cancellation. No thread interrupt: it would close the NIO channels
        // the session reads (class path jars, model files) for good.
        evaluator.thenAccept(Evaluator::interrupt);
        CellRunner runner = runningCell;
        Thread thread = runningThread;
        if (runner == null || thread == null || interrupts.incrementAndGet() < 2) {
            return;
        }
        // Again, while the same cell still runs: the strongest stop the JDK allows in-process.
        Evaluator engine = evaluator.getNow(null);
        if (!runner.runningJava() && engine != null && !engine.inJShell()) {
            thread.interrupt();
            System.err.println("\n[lmlab] Second interrupt: the cell's thread was interrupted (Thread.interrupt). "
                    + "A file or socket it was reading is closed, and a result it was building may be incomplete; "
                    + "variables and tables from before this cell are kept. Interrupt again or restart the "
                    + "kernel if it still runs.");
        }
    }

    /** Waits up to {@code timeout} for the first request to be answered; start-up work yields to it. */
    public boolean awaitFirstReply(long timeout, TimeUnit unit) throws InterruptedException {
        return firstReply.await(timeout, unit);
    }

    private void kernelInfo(Request request) {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java");
        language.addProperty("file_extension", ".java");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("codemirror_mode", "text/x-java");
        JsonObject content = ok();
        content.addProperty("protocol_version", Header.PROTOCOL_VERSION);
        content.addProperty("implementation", "lmlab");
        content.addProperty("implementation_version", VERSION);
        content.add("language_info", language);
        content.addProperty("banner", "lmlab " + VERSION + " - Java " + Runtime.version()
                + " (JShell). %lsmagic lists the magics.");
        content.addProperty("debugger", false);
        content.add("supported_features", Json.strings(List.of("iopub_welcome")));
        JsonArray links = new JsonArray();
        JsonObject link = new JsonObject();
        link.addProperty("text", "Java API");
        link.addProperty("url", "https://docs.oracle.com/en/java/javase/17/docs/api/");
        links.add(link);
        content.add("help_links", links);
        request.reply("kernel_info_reply", content);
    }

    private void execute(Request request) {
        JsonObject in = request.content();
        if (!in.has("code") || !in.get("code").isJsonPrimitive() || !in.getAsJsonPrimitive("code").isString()) {
            replyError(request, "BadRequest", "execute_request needs \"code\" as a string");
            return;
        }
        String code = in.get("code").getAsString();
        boolean silent = Json.bool(in, "silent", false);
        boolean storeHistory = !silent && Json.bool(in, "store_history", true);
        if (storeHistory) {
            executionCount++;
        }
        int count = Math.max(executionCount, 1);
        outputParent.accept(request.message());
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            request.publish("execute_input", input);
        }
        JsonObject reply;
        String plainResult = null;
        try {
            Matcher help = HELP_REQUEST.matcher(code);
            if (help.matches()) {
                reply = pageHelp(help.group(1) != null ? help.group(1) : help.group(2));
                reply.addProperty("execution_count", count);
                if (storeHistory) {
                    history.add(count, code, null);
                }
                request.reply("execute_reply", reply);
                return;
            }
            Evaluation result = runOnCellThread(code, count);
            flushStreams.run();
            if (result.hasValue() && !silent) {
                MimeBundle bundle = renderers.render(result.value());
                plainResult = bundle.plainText();
                JsonObject content = KernelDisplaySink.resultContent(bundle);
                content.addProperty("execution_count", count);
                request.publish("execute_result", content);
            }
            reply = ok();
            reply.add("user_expressions", userExpressions(Json.object(in, "user_expressions")));
            reply.add("payload", new JsonArray());
        } catch (CellError error) {
            flushStreams.run();
            reply = error(error);
            if (!silent) {
                request.publish("error", errorContent(error));
            }
        }
        reply.addProperty("execution_count", count);
        if (storeHistory) {
            history.add(count, code, plainResult);
        }
        request.reply("execute_reply", reply);
        if ("error".equals(Json.string(reply, "status", "")) && Json.bool(in, "stop_on_error", true)) {
            abortQueued(request);
        }
    }

    /**
     * {@code Name?} or {@code ?Name} asks for documentation, shown in the front end's pager as
     * IPython users expect (also for magics: {@code %maven?}).
     */
    private JsonObject pageHelp(String target) throws CellError {
        Optional<String> doc = magicHelp(target, target.length())
                .or(() -> awaitEvaluator().documentation(target, target.length()));
        if (doc.isEmpty()) {
            throw new CellError("NoDocumentation", "no documentation found for " + target,
                    List.of("No documentation found for " + target));
        }
        JsonObject page = new JsonObject();
        page.addProperty("source", "page");
        JsonObject data = new JsonObject();
        data.addProperty(MimeBundle.TEXT, doc.get());
        page.add("data", data);
        page.addProperty("start", 0);
        JsonArray payload = new JsonArray();
        payload.add(page);
        JsonObject reply = ok();
        reply.add("payload", payload);
        reply.add("user_expressions", new JsonObject());
        return reply;
    }

    private Evaluation runOnCellThread(String code, int count) throws CellError {
        CellRunner runner = new CellRunner(awaitEvaluator(), magics.join(), renderers, display, tables);
        Cancellation.reset();
        interrupts.set(0);
        memory.cellStarted();
        Future<Evaluation> cell = cellThread.submit(() -> {
            runningThread = Thread.currentThread();
            runningCell = runner;
            try {
                return runner.run(code, count);
            } finally {
                runningCell = null;
                runningThread = null;
                Thread.interrupted();
            }
        });
        String memoryStop = null;
        try {
            Evaluation result = awaitCell(cell);
            memoryStop = memory.cellEnded();
            return result;
        } catch (ExecutionException e) {
            memoryStop = memory.cellEnded();
            if (e.getCause() instanceof CellError error) {
                throw memoryStop != null && (error.ename().equals("Interrupted")
                        || error.ename().equals("CancelledException") || error.ename().equals("OutOfMemoryError"))
                        ? MemoryReport.stoppedForMemory(memoryStop) : error;
            }
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw MemoryReport.outOfMemory("the cell", oom);
            }
            LOG.error("cell execution failed inside the kernel", e.getCause());
            throw new CellError("KernelError", String.valueOf(e.getCause()), List.of("Kernel error: " + e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CellError("Interrupted", "shell interrupted", List.of());
        } finally {
            if (Cancellation.requested()) {
                awaitCommonPoolQuiet();
            }
            Cancellation.reset();
        }
    }

    /**
     * A stopped cell's parallel work (a stream on the common pool) may still be running: it gets up to
     * {@value #QUIESCENCE_SECONDS} s to see the stop before the next cell clears it, or it would run on (and fill
     * the heap) under the next cell. Polls rather than {@code awaitQuiescence}, which would run pool tasks on this
     * thread.
     */
    private static void awaitCommonPoolQuiet() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUIESCENCE_SECONDS);
        while (!ForkJoinPool.commonPool().isQuiescent() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits for the cell. When the heap is exhausted the error can strike this (shell) thread
     * instead of the cell's: then the cell is stopped and still waited for, never abandoned,
     * or the next cell would queue behind it for good.
     */
    private static Evaluation awaitCell(Future<Evaluation> cell) throws ExecutionException, InterruptedException {
        while (true) {
            try {
                return cell.get();
            } catch (OutOfMemoryError e) {
                Cancellation.request();
            }
        }
    }

    private JsonObject userExpressions(JsonObject expressions) {
        JsonObject results = new JsonObject();
        if (expressions.size() == 0) {
            return results;
        }
        for (String name : expressions.keySet()) {
            String expression = Json.string(expressions, name, "");
            JsonObject result;
            try {
                Evaluation value = runOnCellThread(expression, executionCount);
                MimeBundle bundle = renderers.render(value.hasValue() ? value.value() : null);
                result = KernelDisplaySink.resultContent(bundle);
                result.addProperty("status", "ok");
            } catch (CellError error) {
                result = error(error);
            }
            results.add(name, result);
        }
        return results;
    }

    private void complete(Request request) {
        String code = Json.string(request.content(), "code", "");
        int cursor = toUtf16(code, Json.integer(request.content(), "cursor_pos", code.length()));
        Completion completion = magicCompletion(code, cursor)
                .orElseGet(() -> awaitEvaluator().complete(code, cursor));
        JsonObject content = ok();
        content.add("matches", Json.strings(completion.matches()));
        content.addProperty("cursor_start", code.codePointCount(0, completion.start()));
        content.addProperty("cursor_end", code.codePointCount(0, completion.end()));
        content.add("metadata", new JsonObject());
        request.reply("complete_reply", content);
    }

    /** Completes magic names after % or %%, and a magic's options after its name. */
    private Optional<Completion> magicCompletion(String code, int cursor) {
        int lineStart = lineStart(code, cursor);
        String line = code.substring(lineStart, cursor);
        Optional<MagicLine> parsed = MagicLine.parse(line);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        MagicLine magic = parsed.get();
        if (magic.rest().isEmpty()) {
            return Optional.of(new Completion(magics.join().namesStartingWith(magic.name(), magic.kind()),
                    lineStart, cursor));
        }
        int wordStart = Math.max(magic.nameEnd(), line.lastIndexOf(' ') + 1);
        try {
            Magic found = magics.join().lookup(magic.name(), magic.kind());
            return Optional.of(new Completion(found.complete(line.substring(wordStart)), lineStart + wordStart, cursor));
        } catch (UnknownMagicException e) {
            return Optional.of(new Completion(List.of(), cursor, cursor));
        }
    }

    private void inspect(Request request) {
        String code = Json.string(request.content(), "code", "");
        int cursor = toUtf16(code, Json.integer(request.content(), "cursor_pos", code.length()));
        Optional<String> doc = magicHelp(code, cursor).or(() -> awaitEvaluator().documentation(code, cursor));
        JsonObject content = ok();
        content.addProperty("found", doc.isPresent());
        JsonObject data = new JsonObject();
        doc.ifPresent(text -> data.addProperty(MimeBundle.TEXT, text));
        content.add("data", data);
        content.add("metadata", new JsonObject());
        request.reply("inspect_reply", content);
    }

    /** The help of the magic named on the cursor's line, if that line is a magic line. */
    private Optional<String> magicHelp(String code, int cursor) {
        int lineStart = lineStart(code, cursor);
        int lineEnd = code.indexOf('\n', lineStart);
        return MagicLine.parse(code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd)).map(magic -> {
            try {
                return magics.join().lookup(magic.name(), magic.kind()).help();
            } catch (UnknownMagicException e) {
                return e.getMessage();
            }
        });
    }

    private static int lineStart(String code, int cursor) {
        return code.lastIndexOf('\n', cursor - 1) + 1;
    }

    private void isComplete(Request request) {
        String code = Json.string(request.content(), "code", "");
        JsonObject content = new JsonObject();
        // A cell magic takes the rest of the cell as its body, whatever it holds.
        Completeness completeness = MagicLine.startsCellMagic(code) ? Completeness.COMPLETE
                : awaitEvaluator().completeness(MagicLine.blankMagicLines(code));
        content.addProperty("status", completeness.name().toLowerCase(Locale.ROOT));
        if (completeness == Completeness.INCOMPLETE) {
            content.addProperty("indent", "    ");
        }
        request.reply("is_complete_reply", content);
    }

    private void history(Request request) {
        JsonObject in = request.content();
        boolean withOutput = Json.bool(in, "output", false);
        List<History.Entry> entries = switch (Json.string(in, "hist_access_type", "tail")) {
            case "range" -> history.range(Json.integer(in, "start", 1), Json.integer(in, "stop", 0));
            case "search" -> history.search(Json.string(in, "pattern", "*"), Json.integer(in, "n", 0),
                    Json.bool(in, "unique", false));
            default -> history.tail(Json.integer(in, "n", 10));
        };
        JsonArray list = new JsonArray();
        for (History.Entry entry : entries) {
            JsonArray row = new JsonArray();
            row.add(entry.session());
            row.add(entry.line());
            if (withOutput) {
                JsonArray pair = new JsonArray();
                pair.add(entry.input());
                pair.add(entry.output());
                row.add(pair);
            } else {
                row.add(entry.input());
            }
            list.add(row);
        }
        JsonObject content = ok();
        content.add("history", list);
        request.reply("history_reply", content);
    }

    private void commInfo(Request request) {
        JsonObject content = ok();
        content.add("comms", new JsonObject());
        request.reply("comm_info_reply", content);
    }

    /** No comm targets exist yet: close what a front end opens, as the protocol asks. */
    private void commOpen(Request request) {
        JsonObject close = new JsonObject();
        close.addProperty("comm_id", Json.string(request.content(), "comm_id", ""));
        close.add("data", new JsonObject());
        request.publish("comm_close", close);
    }

    private void interrupt(Request request) {
        interrupt();
        request.reply("interrupt_reply", ok());
    }

    private void shutdown(Request request) {
        JsonObject content = ok();
        content.addProperty("restart", Json.bool(request.content(), "restart", false));
        request.reply("shutdown_reply", content);
        request.publish("shutdown_reply", content);
        onShutdown.run();
    }

    private Evaluator awaitEvaluator() {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell failed to start: " + e.getCause(), e.getCause());
        }
    }

    /** Jupyter cursors count Unicode code points; Java strings index UTF-16 units. */
    static int toUtf16(String code, int codePoints) {
        int total = code.codePointCount(0, code.length());
        return code.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, total)));
    }

    private static JsonObject ok() {
        return status("ok");
    }

    private static JsonObject status(String state) {
        JsonObject content = new JsonObject();
        content.addProperty(state.equals("ok") ? "status" : "execution_state", state);
        return content;
    }

    private static JsonObject errorContent(CellError error) {
        JsonObject content = new JsonObject();
        content.addProperty("ename", error.ename());
        content.addProperty("evalue", error.evalue());
        content.add("traceback", Json.strings(error.traceback()));
        return content;
    }

    private static JsonObject error(CellError error) {
        JsonObject content = errorContent(error);
        content.addProperty("status", "error");
        return content;
    }

}

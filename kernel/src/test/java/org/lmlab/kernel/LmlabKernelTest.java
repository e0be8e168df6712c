package org.lmlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderers;
import org.lmlab.kernel.eval.CellError;
import org.lmlab.kernel.eval.Completeness;
import org.lmlab.kernel.eval.Completion;
import org.lmlab.kernel.eval.Evaluation;
import org.lmlab.kernel.eval.Evaluator;
import org.lmlab.kernel.protocol.Channel;
import org.lmlab.kernel.protocol.Header;
import org.lmlab.kernel.protocol.Message;
import org.lmlab.kernel.protocol.Request;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicRegistry;

/**
 * The kernel's request handling against the Jupyter messaging spec (protocol 5.4: framing in
 * busy/idle, execution counts, silent and store_history, stop_on_error aborts, cursor positions in
 * code points), with a scripted evaluator in place of JShell and the real magics.
 */
class LmlabKernelTest {

    private static final MagicRegistry MAGICS = CoreMagics.registry();

    private final FakeEvaluator engine = new FakeEvaluator();
    private final List<MimeBundle> displayed = Collections.synchronizedList(new ArrayList<>());
    private final List<Message> outputParents = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService cellThread;
    private LmlabKernel kernel;
    private int shutdowns;

    @BeforeEach
    void start() {
        cellThread = Executors.newSingleThreadExecutor();
        kernel = new LmlabKernel(outputParents::add, cellThread, CompletableFuture.completedFuture(engine),
                CompletableFuture.completedFuture(MAGICS), new Renderers(warning -> { }), new RecordingDisplaySink(displayed),
                () -> { }, () -> shutdowns++);
    }

    @AfterEach
    void stop() {
        cellThread.shutdownNow();
    }

    @Test
    void everyRequestIsFramedByBusyAndIdle() {
        Exchange info = send(Channel.SHELL, "kernel_info_request", new JsonObject());
        assertEquals(List.of("iopub status", "reply kernel_info_reply", "iopub status"), info.kinds());
        assertEquals("busy", info.sent().get(0).content().get("execution_state").getAsString());
        assertEquals("idle", info.sent().get(2).content().get("execution_state").getAsString());
        JsonObject reply = info.reply("kernel_info_reply");
        assertEquals("ok", reply.get("status").getAsString());
        assertEquals("java", reply.getAsJsonObject("language_info").get("name").getAsString());
    }

    @Test
    void executeCountsPublishesInputAndResult() {
        engine.values.put("1 + 1\n", 2);
        Exchange first = execute("1 + 1", new JsonObject());
        assertEquals(List.of("iopub status", "iopub execute_input", "iopub execute_result", "reply execute_reply",
                "iopub status"), first.kinds());
        assertEquals(1, first.published("execute_input").get("execution_count").getAsInt());
        JsonObject result = first.published("execute_result");
        assertEquals("2", result.getAsJsonObject("data").get(MimeBundle.TEXT).getAsString());
        assertEquals(1, result.get("execution_count").getAsInt());
        assertEquals("ok", first.reply("execute_reply").get("status").getAsString());
        assertEquals(List.of(first.message()), outputParents, "the cell's output belongs to its request");
        assertEquals(List.of(new EvalCall("1 + 1\n", 1, 1)), engine.calls);

        assertEquals(2, execute("1 + 1", new JsonObject()).reply("execute_reply").get("execution_count").getAsInt());
    }

    @Test
    void silentAndUnstoredCellsLeaveTheCountAlone() {
        engine.values.put("1 + 1\n", 2);
        JsonObject silent = new JsonObject();
        silent.addProperty("silent", true);
        Exchange quiet = execute("1 + 1", silent);
        // Spec: silent means no execute_input or execute_result, and the counter is not incremented.
        assertEquals(List.of("iopub status", "reply execute_reply", "iopub status"), quiet.kinds());
        JsonObject unstored = new JsonObject();
        unstored.addProperty("store_history", false);
        execute("1 + 1", unstored);
        assertEquals(1, execute("1 + 1", new JsonObject()).reply("execute_reply").get("execution_count").getAsInt());
    }

    @Test
    void magicLinesSplitTheCellAndKeepItsLineNumbers() {
        engine.values.put("a\n", 1);
        Exchange cell = execute("int a = 1;\n%time a\nint b = 2;", new JsonObject());
        assertEquals("ok", cell.reply("execute_reply").get("status").getAsString());
        // Line 1 is Java, line 2 is %time whose code "a" is on line 2, line 3 is Java again.
        assertEquals(List.of(new EvalCall("int a = 1;\n", 1, 1), new EvalCall("a\n", 1, 2),
                new EvalCall("int b = 2;\n", 1, 3)), engine.calls);
        // %time's value is not the cell's last, so it is displayed as it comes; the cell has no result.
        assertEquals(1, displayed.size());
        assertEquals("1", displayed.get(0).plainText());
        assertFalse(cell.kinds().contains("iopub execute_result"));
    }

    @Test
    void aFailedCellPublishesTheErrorAndAbortsTheQueuedOnes() {
        engine.errors.put("boom\n", new CellError("RuntimeException", "boom", List.of("Cell In[1], line 1", "boom")));
        Exchange queued = exchange(Channel.SHELL, "execute_request", code("2"));
        Exchange failed = exchange(Channel.SHELL, "execute_request", code("boom"));
        failed.queued().add(queued);
        kernel.handle(failed);
        JsonObject error = failed.published("error");
        assertEquals("RuntimeException", error.get("ename").getAsString());
        assertEquals("boom", error.get("evalue").getAsString());
        assertEquals(2, error.getAsJsonArray("traceback").size());
        JsonObject reply = failed.reply("execute_reply");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("RuntimeException", reply.get("ename").getAsString());
        // stop_on_error (default true): the queued cell is answered "aborted" and never evaluated.
        assertEquals(List.of("iopub status", "reply execute_reply", "iopub status"), queued.kinds());
        assertEquals("aborted", queued.reply("execute_reply").get("status").getAsString());
        assertEquals(List.of(new EvalCall("boom\n", 1, 1)), engine.calls);
    }

    @Test
    void misplacedCellMagicIsAUsageErrorWithoutEvaluating() {
        JsonObject reply = execute("int x;\n%%time", new JsonObject()).reply("execute_reply");
        assertEquals("UsageError", reply.get("ename").getAsString());
        assertTrue(engine.calls.isEmpty());
    }

    @Test
    void questionMarkPagesMagicHelpOrTheEvaluatorsDocumentation() throws Exception {
        JsonArray magicPage = execute("%time?", new JsonObject()).reply("execute_reply").getAsJsonArray("payload");
        assertEquals(MAGICS.lookup("time", MagicKind.LINE).help(), pageText(magicPage));
        JsonArray javaPage = execute("?Math.max", new JsonObject()).reply("execute_reply").getAsJsonArray("payload");
        assertEquals("doc of Math.max", pageText(javaPage));
        JsonObject none = execute("nothing?", new JsonObject()).reply("execute_reply");
        assertEquals("NoDocumentation", none.get("ename").getAsString());
        assertTrue(engine.calls.isEmpty(), "help requests run no code");
    }

    @Test
    void completesMagicNamesAndOptions() {
        JsonObject names = complete("int x;\n%%sq", 11);
        // Cell magics are offered only as %%name; the replaced text starts at the line's start.
        assertEquals(List.of("%%sql"), strings(names.getAsJsonArray("matches")));
        assertEquals(7, names.get("cursor_start").getAsInt());
        assertEquals(11, names.get("cursor_end").getAsInt());
        JsonObject options = complete("%time --he", 10);
        assertEquals(List.of("--help"), strings(options.getAsJsonArray("matches")));
        assertEquals(6, options.get("cursor_start").getAsInt());
        JsonObject unknown = complete("%nosuch --he", 12);
        assertEquals(List.of(), strings(unknown.getAsJsonArray("matches")));
        assertEquals(12, unknown.get("cursor_start").getAsInt());
        assertTrue(engine.completions.isEmpty(), "magic lines never reach the evaluator");
    }

    @Test
    void javaCompletionConvertsBetweenCodePointsAndUtf16() {
        // "s = \"😀\"; Str": the emoji is one code point but two UTF-16 units, so the
        // front end's cursor 12 (code points) is UTF-16 offset 13, and "Str" starts at 10 (UTF-16) = 9.
        JsonObject reply = complete("s = \"\uD83D\uDE00\"; Str", 12);
        assertEquals(List.of(13), engine.completions);
        assertEquals(List.of("String"), strings(reply.getAsJsonArray("matches")));
        assertEquals(9, reply.get("cursor_start").getAsInt());
        assertEquals(12, reply.get("cursor_end").getAsInt());
    }

    @Test
    void inspectsMagicsAndJava() throws Exception {
        JsonObject magic = inspect("int x;\n%time x", 9);
        assertTrue(magic.get("found").getAsBoolean());
        assertEquals(MAGICS.lookup("time", MagicKind.LINE).help(),
                magic.getAsJsonObject("data").get(MimeBundle.TEXT).getAsString());
        JsonObject java = inspect("Math.max", 4);
        assertEquals("doc of Math.max", java.getAsJsonObject("data").get(MimeBundle.TEXT).getAsString());
        JsonObject missing = inspect("x", 1);
        assertFalse(missing.get("found").getAsBoolean());
        assertEquals(0, missing.getAsJsonObject("data").size());
    }

    @Test
    void isCompleteAsksTheEvaluatorAboutTheJavaAlone() {
        JsonObject open = isComplete("%time x\nfor (int i = 0; i < 3; i++) {");
        assertEquals("incomplete", open.get("status").getAsString());
        assertEquals("    ", open.get("indent").getAsString());
        // The magic line is blanked, not removed, so the Java keeps its line numbers.
        assertEquals(List.of("\nfor (int i = 0; i < 3; i++) {\n"), engine.completenessAsked);
        assertEquals("complete", isComplete("int x = 1;").get("status").getAsString());
        // A cell magic owns its whole body: complete without asking.
        assertEquals("complete", isComplete("\n%%time\nfor (;;) {").get("status").getAsString());
        assertEquals(2, engine.completenessAsked.size());
    }

    @Test
    void interruptStopsTheRunningCell() throws Exception {
        Exchange cell = exchange(Channel.SHELL, "execute_request", code("while (true) {}"));
        Thread shell = new Thread(() -> kernel.handle(cell));
        shell.start();
        assertTrue(engine.running.await(10, TimeUnit.SECONDS));
        Exchange interrupt = send(Channel.CONTROL, "interrupt_request", new JsonObject());
        assertEquals("ok", interrupt.reply("interrupt_reply").get("status").getAsString());
        shell.join(10_000);
        assertFalse(shell.isAlive());
        JsonObject reply = cell.reply("execute_reply");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("Interrupted", reply.get("ename").getAsString());
        assertEquals(1, engine.interrupts);
    }

    @Test
    void controlChannelServesNoCellsAndShutdownIsAnswered() {
        JsonObject wrong = send(Channel.CONTROL, "execute_request", code("1")).reply("execute_reply");
        assertEquals("WrongChannel", wrong.get("ename").getAsString());
        assertTrue(engine.calls.isEmpty());
        JsonObject restart = new JsonObject();
        restart.addProperty("restart", true);
        Exchange shutdown = send(Channel.CONTROL, "shutdown_request", restart);
        assertTrue(shutdown.reply("shutdown_reply").get("restart").getAsBoolean());
        assertEquals(1, shutdowns);
        assertEquals(List.of(), send(Channel.SHELL, "no_such_request", new JsonObject()).kinds());
    }

    private Exchange execute(String source, JsonObject options) {
        JsonObject content = options.deepCopy();
        content.addProperty("code", source);
        return send(Channel.SHELL, "execute_request", content);
    }

    private JsonObject complete(String source, int cursor) {
        return send(Channel.SHELL, "complete_request", cursorRequest(source, cursor)).reply("complete_reply");
    }

    private JsonObject inspect(String source, int cursor) {
        return send(Channel.SHELL, "inspect_request", cursorRequest(source, cursor)).reply("inspect_reply");
    }

    private JsonObject isComplete(String source) {
        return send(Channel.SHELL, "is_complete_request", code(source)).reply("is_complete_reply");
    }

    private static JsonObject cursorRequest(String source, int cursor) {
        JsonObject content = code(source);
        content.addProperty("cursor_pos", cursor);
        return content;
    }

    private static JsonObject code(String source) {
        JsonObject content = new JsonObject();
        content.addProperty("code", source);
        return content;
    }

    private Exchange send(Channel channel, String type, JsonObject content) {
        Exchange exchange = exchange(channel, type, content);
        kernel.handle(exchange);
        return exchange;
    }

    private static Exchange exchange(Channel channel, String type, JsonObject content) {
        Header header = new Header("msg-" + type, "session", "tester", "2026-01-01T00:00:00Z", type, Header.PROTOCOL_VERSION);
        return new Exchange(new Message(List.of(), header, new JsonObject(), new JsonObject(), content, List.of()), channel);
    }

    private static String pageText(JsonArray payload) {
        JsonObject page = payload.get(0).getAsJsonObject();
        assertEquals("page", page.get("source").getAsString());
        return page.getAsJsonObject("data").get(MimeBundle.TEXT).getAsString();
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.getAsString()));
        return values;
    }

    /** A message sent by the kernel: a reply on the request's channel or a publication on IOPub. */
    private record Sent(String where, String type, JsonObject content) {
    }

    private record EvalCall(String code, int cell, int firstLine) {
    }

    /** A request as the server would hand it over, recording what the kernel sends back. */
    private record Exchange(Message message, Channel channel, List<Sent> sent, List<Request> queued) implements Request {

        Exchange(Message message, Channel channel) {
            this(message, channel, Collections.synchronizedList(new ArrayList<>()), new ArrayList<>());
        }

        @Override
        public void reply(String msgType, JsonObject content) {
            sent.add(new Sent("reply", msgType, content));
        }

        @Override
        public void publish(String msgType, JsonObject content) {
            sent.add(new Sent("iopub", msgType, content));
        }

        @Override
        public List<Request> takeQueued() {
            List<Request> taken = List.copyOf(queued);
            queued.clear();
            return taken;
        }

        List<String> kinds() {
            return sent.stream().map(s -> s.where() + " " + s.type()).toList();
        }

        JsonObject reply(String type) {
            return only("reply", type);
        }

        JsonObject published(String type) {
            return only("iopub", type);
        }

        private JsonObject only(String where, String type) {
            List<JsonObject> found = sent.stream().filter(s -> s.where().equals(where) && s.type().equals(type))
                    .map(Sent::content).toList();
            assertEquals(1, found.size(), where + " " + type + " in " + kinds());
            return found.get(0);
        }
    }

    /**
     * Stands in for JShell: values and errors scripted per source, completion of the identifier
     * before the cursor, brace counting for completeness, and a loop that runs until interrupted.
     */
    private static final class FakeEvaluator implements Evaluator {
        final java.util.Map<String, Object> values = new java.util.HashMap<>();
        final java.util.Map<String, CellError> errors = new java.util.HashMap<>();
        final List<EvalCall> calls = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> completions = new ArrayList<>();
        final List<String> completenessAsked = new ArrayList<>();
        final CountDownLatch running = new CountDownLatch(1);
        volatile boolean interruptRequested;
        volatile int interrupts;

        @Override
        public Evaluation eval(String code, int cell, int firstLine) throws CellError {
            interruptRequested = false;
            calls.add(new EvalCall(code, cell, firstLine));
            if (code.startsWith("while (true)")) {
                running.countDown();
                while (!interruptRequested) {
                    Thread.onSpinWait();
                }
                throw new CellError("Interrupted", "cell interrupted", List.of("Interrupted"));
            }
            if (errors.containsKey(code)) {
                throw errors.get(code);
            }
            return values.containsKey(code) ? new Evaluation(true, values.get(code)) : new Evaluation(false, null);
        }

        @Override
        public void interrupt() {
            interrupts++;
            interruptRequested = true;
        }

        @Override
        public boolean interruptRequested() {
            return interruptRequested;
        }

        @Override
        public boolean inJShell() {
            return false;
        }

        @Override
        public Completion complete(String code, int cursor) {
            completions.add(cursor);
            int start = cursor;
            while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
                start--;
            }
            return new Completion(List.of("String"), start, cursor);
        }

        @Override
        public Optional<String> documentation(String code, int cursor) {
            return code.startsWith("Math.max") ? Optional.of("doc of Math.max") : Optional.empty();
        }

        @Override
        public Completeness completeness(String code) {
            completenessAsked.add(code);
            long open = code.chars().filter(c -> c == '{').count() - code.chars().filter(c -> c == '}').count();
            return open > 0 ? Completeness.INCOMPLETE : Completeness.COMPLETE;
        }

        @Override
        public void define(String name, Object value, Class<?> type, int cell) {
            values.put(name + "\n", value);
        }

        @Override
        public Optional<String> variableType(String name) {
            return Optional.empty();
        }

        @Override
        public List<Path> classpath() {
            return List.of();
        }

        @Override
        public void addToClasspath(Path entry) {
        }

        @Override
        public void close() {
        }
    }
}

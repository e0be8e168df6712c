package org.lmlab.kernel.launch;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.lmlab.display.Notebook;
import org.lmlab.display.Renderers;
import org.lmlab.kernel.CoreMagics;
import org.lmlab.kernel.LmlabKernel;
import org.lmlab.kernel.eval.Evaluator;
import org.lmlab.kernel.eval.JShellEvaluator;
import org.lmlab.kernel.install.StartupArchive;
import org.lmlab.kernel.io.IopubStream;
import org.lmlab.kernel.io.KernelDisplaySink;
import org.lmlab.kernel.io.KernelInput;
import org.lmlab.kernel.io.Output;
import org.lmlab.kernel.io.StdinStream;
import org.lmlab.kernel.protocol.ConnectionFileException;
import org.lmlab.kernel.protocol.ConnectionInfo;
import org.lmlab.kernel.protocol.KernelServer;
import org.lmlab.magics.MagicRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a kernel process: every part is built and wired here, once. The
 * process's standard streams become the cells' streams; the kernel's own log keeps the original
 * stderr, where Jupyter collects it.
 */
public final class KernelLauncher {

    private static final long STREAM_FLUSH_MS = 50;
    private static final long STARTUP_GRACE_MS = 300;

    private KernelLauncher() {
    }

    public static int run(Path connectionFile) {
        PrintStream kernelErr = System.err;
        LogSettings.apply();
        Logger log = LoggerFactory.getLogger(KernelLauncher.class);
        ConnectionInfo connection;
        try {
            connection = ConnectionInfo.read(connectionFile);
        } catch (ConnectionFileException e) {
            kernelErr.println("lmlab: " + e.getMessage());
            return 2;
        }

        PlatformSelector.preferPlatformProvider();
        KernelServer server = new KernelServer(connection);
        try {
            server.bind();
        } catch (RuntimeException e) {
            kernelErr.println("lmlab: cannot start the kernel with connection file " + connectionFile + ": "
                    + e.getMessage());
            server.close();
            return 3;
        }

        ExecutorService cellThread = Executors.newSingleThreadExecutor(daemon("lmlab-cell"));
        CompletableFuture<Evaluator> evaluator = new CompletableFuture<>();
        Output output = new Output(server);
        IopubStream stdout = new IopubStream("stdout", output);
        IopubStream stderr = new IopubStream("stderr", output);
        Runnable flushStreams = () -> {
            System.out.flush();
            System.err.flush();
            stdout.flush();
            stderr.flush();
        };
        KernelDisplaySink display = new KernelDisplaySink(output, flushStreams);
        Renderers renderers = new Renderers(warning -> System.err.println("lmlab: " + warning));
        KernelInput input = new KernelInput(server, output,
                () -> evaluator.isDone() && !evaluator.isCompletedExceptionally() && evaluator.join().interruptRequested());
        Notebook.attach(display, renderers);
        Notebook.attachInput(input);
        System.setOut(new PrintStream(stdout, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, false, StandardCharsets.UTF_8));
        System.setIn(new StdinStream(input));

        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(daemon("lmlab-stream-flush"));
        flusher.scheduleAtFixedRate(flushStreams, STREAM_FLUSH_MS, STREAM_FLUSH_MS, TimeUnit.MILLISECONDS);

        CountDownLatch stopped = new CountDownLatch(1);
        // Built in the background with JShell: picocli's start-up would delay the first reply.
        CompletableFuture<MagicRegistry> magics = new CompletableFuture<>();
        LmlabKernel kernel = new LmlabKernel(output::setParent, cellThread, evaluator, magics, renderers, display,
                flushStreams, stopped::countDown);
        SignalInterrupts.install(kernel::interrupt, log);
        server.serve(kernel);
        // JShell starts on the cell thread once the sockets are up, so kernel_info is answered at once.
        List<Path> classpath = ClassPath.ofThisProcess();
        cellThread.execute(() -> {
            try {
                // Let the front end's first kernel_info exchange have the CPU (2-core machines).
                kernel.awaitFirstReply(STARTUP_GRACE_MS, TimeUnit.MILLISECONDS);
                // Completion first: it is what a user meets first, while opening a notebook.
                JShellEvaluator jshell = JShellEvaluator.open(classpath, true);
                evaluator.complete(jshell);
                magics.complete(CoreMagics.registry());
                renderers.registerServices(KernelLauncher.class.getClassLoader());
                jshell.importDefaults();
                StartupArchive.stalenessOfThisProcess(classpath).ifPresent(log::warn);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                log.error("JShell failed to start", e);
                magics.completeExceptionally(e);
                evaluator.completeExceptionally(e);
            }
        });
        log.debug("lmlab {} kernel started on {} (Java {})", LmlabKernel.VERSION, connection.endpoint(connection.shellPort()),
                Runtime.version());
        try {
            stopped.await();
            // Let the shutdown reply leave before the sockets close.
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher.shutdownNow();
        flushStreams.run();
        server.close();
        return 0;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

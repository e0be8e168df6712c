package org.lmlab.kernel.script;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.lmlab.display.DisplaySink;
import org.lmlab.display.MimeBundle;
import org.lmlab.progress.ProgressBars;

/**
 * Displays on a terminal: text as text, images and HTML as files in an output folder (named by
 * cell), progress bars redrawn in place. Every output except progress is also kept as a
 * {@link ScriptOutput} so a run can be compared with the same notebook executed by Jupyter.
 */
public final class ConsoleDisplaySink implements DisplaySink {

    private static final long LOG_PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final Path outputDir;
    private final List<ScriptOutput> outputs = new ArrayList<>();
    private int cell;
    private int fileIndex;
    private final boolean terminal;
    private boolean progressLineOpen;
    private String pendingProgress;
    private long lastProgressLine;

    /**
     * @param outputDir where images and HTML go; null to keep text only
     * @param terminal  {@code out} is a terminal: redraw progress in place; otherwise (a log
     *                  file, CI) write a progress line at most every few seconds
     */
    public ConsoleDisplaySink(PrintStream out, Path outputDir, boolean terminal) {
        this.out = out;
        this.outputDir = outputDir;
        this.terminal = terminal;
    }

    /** Outputs that follow belong to cell {@code number}. */
    public synchronized void startCell(int number) {
        endProgressLine();
        cell = number;
        fileIndex = 0;
    }

    @Override
    public synchronized void display(MimeBundle bundle, String displayId) {
        show(bundle, displayId, "display");
    }

    /** The value a cell ends with, shown like a notebook's execute_result. */
    public synchronized void result(MimeBundle bundle) {
        show(bundle, null, "result");
    }

    /** A cell's error, kept in the outputs and printed to {@code err}. */
    public synchronized void error(String ename, List<String> traceback, PrintStream err) {
        endProgressLine();
        out.flush();
        traceback.forEach(err::println);
        err.flush();
        outputs.add(new ScriptOutput(cell, "error", List.of(), ename));
    }

    @Override
    public synchronized void update(String displayId, MimeBundle bundle) {
        if (isProgress(displayId)) {
            drawProgress(bundle);
            return;
        }
        // A terminal cannot replace earlier lines: show the new state after them.
        show(bundle, displayId, "update");
    }

    @Override
    public void clear(boolean wait) {
        // Nothing to clear on a terminal; later output simply follows.
    }

    public synchronized List<ScriptOutput> outputs() {
        return List.copyOf(outputs);
    }

    private void show(MimeBundle bundle, String displayId, String kind) {
        if (isProgress(displayId)) {
            drawProgress(bundle);
            return;
        }
        endProgressLine();
        List<String> files = writeFiles(bundle);
        for (String file : files) {
            out.println("[" + file + "]");
        }
        String text = bundle.plainText();
        if (!text.isEmpty()) {
            out.println(text);
        }
        out.flush();
        outputs.add(new ScriptOutput(cell, kind, List.copyOf(bundle.data().keySet()), text));
    }

    private void drawProgress(MimeBundle bundle) {
        if (terminal) {
            out.print("\r" + bundle.plainText());
            out.flush();
            progressLineOpen = true;
            return;
        }
        long now = System.nanoTime();
        if (lastProgressLine == 0 || now - lastProgressLine > LOG_PROGRESS_EVERY_NANOS) {
            out.println(bundle.plainText());
            out.flush();
            lastProgressLine = now;
            pendingProgress = null;
        } else {
            pendingProgress = bundle.plainText();
        }
    }

    /** Ends a bar before other output: a newline on a terminal, the last state in a log. */
    private void endProgressLine() {
        if (progressLineOpen) {
            out.println();
            progressLineOpen = false;
        }
        if (pendingProgress != null) {
            out.println(pendingProgress);
            pendingProgress = null;
        }
        lastProgressLine = 0;
    }

    private List<String> writeFiles(MimeBundle bundle) {
        List<String> written = new ArrayList<>();
        if (outputDir == null) {
            return written;
        }
        String png = bundle.data().get(MimeBundle.PNG);
        String svg = bundle.data().get(MimeBundle.SVG);
        String html = bundle.data().get(MimeBundle.HTML);
        if (png == null && svg == null && html == null) {
            return written;
        }
        fileIndex++;
        String stem = "cell" + cell + "-" + fileIndex;
        if (png != null) {
            written.add(write(stem + ".png", Base64.getMimeDecoder().decode(png)));
        }
        if (svg != null) {
            written.add(write(stem + ".svg", svg.getBytes(StandardCharsets.UTF_8)));
        }
        if (html != null && png == null && svg == null) {
            written.add(write(stem + ".html", html.getBytes(StandardCharsets.UTF_8)));
        }
        return written;
    }

    private String write(String name, byte[] bytes) {
        try {
            Files.createDirectories(outputDir);
            Path file = outputDir.resolve(name);
            Files.write(file, bytes);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outputDir.resolve(name), e);
        }
    }

    private static boolean isProgress(String displayId) {
        return displayId != null && displayId.startsWith(ProgressBars.DISPLAY_ID_PREFIX);
    }
}

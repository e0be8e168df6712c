package org.lmlab.display;

import java.util.Objects;

/**
 * The display functions a notebook cell calls: {@code display(x)}, {@code display(x, id)},
 * {@code updateDisplay(id, x)}, {@code clearOutput()}. The kernel imports them statically into
 * every session.
 *
 * <p>This is the one process-wide seam between user code and the front end: cells run inside
 * the kernel's JVM and have no other handle on it. The composition root (kernel or CLI runner)
 * {@link #attach attaches} its sink and renderers once at start-up.
 */
public final class Notebook {

    private static volatile DisplaySink sink = DisplaySink.NONE;
    private static volatile Renderers renderers = new Renderers(message -> { });
    private static volatile InputSource input = InputSource.NONE;

    private Notebook() {
    }

    /** Installs the front end's sink and renderers; called by the composition root only. */
    public static void attach(DisplaySink displaySink, Renderers registry) {
        sink = Objects.requireNonNull(displaySink);
        renderers = Objects.requireNonNull(registry);
    }

    /** Installs the front end's source of typed input; called by the composition root only. */
    public static void attachInput(InputSource source) {
        input = Objects.requireNonNull(source);
    }

    /** Asks the user for a line of text. */
    public static String input(String prompt) {
        return input.readLine(prompt, false);
    }

    /** Asks the user for a secret; the front end hides what is typed. */
    public static String password(String prompt) {
        return input.readLine(prompt, true);
    }

    /** The registry, so cells and libraries can add renderers for their own types. */
    public static Renderers renderers() {
        return renderers;
    }

    public static void display(Object value) {
        sink.display(renderers.render(value), null);
    }

    /** Shows {@code value} under {@code displayId}; {@link #updateDisplay} can replace it later. */
    public static void display(Object value, String displayId) {
        sink.display(renderers.render(value), requireId(displayId));
    }

    public static void updateDisplay(String displayId, Object value) {
        sink.update(requireId(displayId), renderers.render(value));
    }

    public static void clearOutput() {
        sink.clear(false);
    }

    /** Clears when the next output arrives, which avoids flicker in animations. */
    public static void clearOutput(boolean wait) {
        sink.clear(wait);
    }

    private static String requireId(String displayId) {
        if (displayId == null || displayId.isBlank()) {
            throw new IllegalArgumentException("a display id must be a non-empty string");
        }
        return displayId;
    }
}

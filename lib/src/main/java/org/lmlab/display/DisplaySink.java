package org.lmlab.display;

/**
 * Where displayed bundles go: the kernel sends them to the front end, the command-line runner
 * writes them to files, tests collect them. Implementations must be thread-safe.
 */
public interface DisplaySink {

    /** Shows a bundle; a non-null {@code displayId} lets a later {@link #update} replace it. */
    void display(MimeBundle bundle, String displayId);

    /** Replaces every output shown under {@code displayId}. */
    void update(String displayId, MimeBundle bundle);

    /** Clears the current cell's output, at once or (with {@code wait}) when new output arrives. */
    void clear(boolean wait);

    /** A sink that drops everything, used before any front end is attached. */
    DisplaySink NONE = new DisplaySink() {
        @Override
        public void display(MimeBundle bundle, String displayId) {
        }

        @Override
        public void update(String displayId, MimeBundle bundle) {
        }

        @Override
        public void clear(boolean wait) {
        }
    };
}

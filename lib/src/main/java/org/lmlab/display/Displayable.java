package org.lmlab.display;

/** A value that knows its own representations; needs no registered {@link Renderer}. */
public interface Displayable {
    MimeBundle toMimeBundle();
}

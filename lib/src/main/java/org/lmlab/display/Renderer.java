package org.lmlab.display;

/**
 * Turns values of one type into something displayable: a {@link MimeBundle}, or another object
 * that is rendered in turn (so a result record can hand over its table or chart).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} or registered explicitly on
 * {@link Renderers}; the most specific type wins and {@link #priority()} breaks ties.
 *
 * @param <T> the type rendered
 */
public interface Renderer<T> {

    Class<T> type();

    /** Higher wins among renderers for the same type. */
    default int priority() {
        return 0;
    }

    /** A {@link MimeBundle}, or any other object to be rendered again. */
    Object render(T value);
}

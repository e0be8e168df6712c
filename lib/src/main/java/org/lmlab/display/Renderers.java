package org.lmlab.display;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The registry that turns any value into a {@link MimeBundle}. Lookup walks the value's class,
 * its superclasses and interfaces (nearest first); a renderer may return another object, which
 * is rendered again up to {@link #MAX_DEPTH} times. A renderer that throws is reported through
 * the warning sink and the value falls back to {@code text/plain}, so display never fails a cell.
 */
public final class Renderers {

    static final int MAX_DEPTH = 8;

    private final Map<Class<?>, List<Renderer<?>>> byType = new ConcurrentHashMap<>();
    private final Consumer<String> warnings;

    public Renderers(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** A registry holding every renderer that {@link ServiceLoader} finds on the class path. */
    public static Renderers withServiceLoader(ClassLoader loader, Consumer<String> warnings) {
        return new Renderers(warnings).registerServices(loader);
    }

    /**
     * Adds every renderer {@link ServiceLoader} finds. Scanning opens every jar on the class
     * path, so the kernel calls this in the background after start-up.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Renderers registerServices(ClassLoader loader) {
        for (Renderer renderer : ServiceLoader.load(Renderer.class, loader)) {
            register(renderer);
        }
        return this;
    }

    public <T> Renderers register(Renderer<T> renderer) {
        byType.compute(renderer.type(), (type, list) -> {
            List<Renderer<?>> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(renderer);
            next.sort(Comparator.comparingInt((Renderer<?> r) -> r.priority()).reversed());
            return List.copyOf(next);
        });
        return this;
    }

    /** Registers a renderer from a type and a function; convenient from notebook cells. */
    public <T> Renderers register(Class<T> type, Function<? super T, ?> render) {
        return register(new Renderer<T>() {
            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public Object render(T value) {
                return render.apply(value);
            }
        });
    }

    /** Renders {@code value}; never throws for a renderer's failure. */
    public MimeBundle render(Object value) {
        Object current = value;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (current instanceof MimeBundle bundle) {
                return bundle;
            }
            if (current == null) {
                return MimeBundle.text("null");
            }
            Object next;
            try {
                next = renderOnce(current);
            } catch (RuntimeException | LinkageError e) {
                warnings.accept("renderer for " + current.getClass().getName() + " failed (" + e
                        + "); showing text/plain instead");
                return MimeBundle.text(String.valueOf(current));
            }
            if (next == null) {
                return MimeBundle.text(String.valueOf(current));
            }
            current = next;
        }
        warnings.accept("rendering " + value.getClass().getName() + " did not finish after " + MAX_DEPTH
                + " steps; showing text/plain instead");
        return MimeBundle.text(String.valueOf(value));
    }

    /** One rendering step, or null when no renderer applies. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object renderOnce(Object value) {
        for (Class<?> type : typeHierarchy(value.getClass())) {
            List<Renderer<?>> candidates = byType.get(type);
            if (candidates != null && !candidates.isEmpty()) {
                return ((Renderer) candidates.get(0)).render(value);
            }
        }
        if (value instanceof Displayable displayable) {
            return displayable.toMimeBundle();
        }
        return null;
    }

    /** The class, then its superclasses, then all interfaces breadth-first: nearest first. */
    static List<Class<?>> typeHierarchy(Class<?> type) {
        Set<Class<?>> ordered = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ordered.add(c);
        }
        Deque<Class<?>> queue = new ArrayDeque<>(ordered);
        while (!queue.isEmpty()) {
            for (Class<?> iface : queue.poll().getInterfaces()) {
                if (ordered.add(iface)) {
                    queue.add(iface);
                }
            }
        }
        return new ArrayList<>(ordered);
    }
}

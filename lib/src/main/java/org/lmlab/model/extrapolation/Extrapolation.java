package org.lmlab.model.extrapolation;

import org.lmlab.model.rope.RopeScaling;

/**
 * A length-extrapolation method as the decoder applies it: how positions enter attention and
 * which keys each query reads. A loaded model takes one without reloading its weights
 * ({@code model.with(Extrapolation.yarn(4, 2048))}, {@code %extrapolate use}).
 */
public record Extrapolation(Positions positions, Window window) {

    public Extrapolation {
        if (positions == null || window == null) {
            throw new IllegalArgumentException("positions and window are required");
        }
    }

    /** The checkpoint's own RoPE (and scaling) with full causal attention. */
    public static Extrapolation none() {
        return new Extrapolation(new Positions.Rope(null), new Window.Full());
    }

    /** RoPE with {@code scaling} and full attention. */
    public static Extrapolation rope(RopeScaling scaling) {
        return new Extrapolation(new Positions.Rope(scaling), new Window.Full());
    }

    /** The checkpoint's RoPE with another window. */
    public static Extrapolation window(Window window) {
        return new Extrapolation(new Positions.Rope(null), window);
    }

    public Extrapolation withPositions(Positions p) {
        return new Extrapolation(p, window);
    }

    public Extrapolation withWindow(Window w) {
        return new Extrapolation(positions, w);
    }

    /** Whether this is the checkpoint as trained. */
    public boolean isNone() {
        return equals(none());
    }

    /**
     * The positions a model may read under this method: unlimited when the window evicts (memory
     * stays bounded by it), at least factor × original context for a RoPE scaling, else
     * {@code loaded} (the context the model was loaded with).
     */
    public int contextFor(int loaded, int trained) {
        if (window.shape(trained).evicts()) {
            return Integer.MAX_VALUE;
        }
        if (positions instanceof Positions.Rope rope && rope.scaling() != null) {
            double extended = ScalingFactor.of(rope.scaling()) * ScalingFactor.original(rope.scaling(), trained);
            return (int) Math.max(loaded, Math.min(Integer.MAX_VALUE, Math.round(extended)));
        }
        return loaded;
    }

    /**
     * Refuses an input of {@code tokens} that the window would not narrow: every query would read
     * every key, as with full attention, so the measurement would not test the method.
     */
    public void requireNarrowerThan(int tokens, int trained) {
        Window.Shape s = window.shape(trained);
        if (s.evicts() && s.global() + s.local() >= tokens) {
            throw new IllegalArgumentException("the " + window.label() + " window covers " + (s.global() + s.local())
                    + " positions, not fewer than the input of " + tokens + " tokens: every query would read every key."
                    + " Use a longer input or a narrower window");
        }
    }

    /** "rope yarn, sinks start 4, recent 2000". */
    public String label() {
        return positions.label() + ", " + window.label() + " attention";
    }

    @Override
    public String toString() {
        return label();
    }
}

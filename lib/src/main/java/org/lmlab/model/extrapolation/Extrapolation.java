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

    /** "rope yarn, sinks start 4, recent 2000". */
    public String label() {
        return positions.label() + ", " + window.label() + " attention";
    }

    @Override
    public String toString() {
        return label();
    }
}

package org.lmlab.model.llama;

import java.util.Arrays;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;

/**
 * An {@link Extrapolation} resolved against one model: the Λ shape, the RoPE scaling and
 * geometry (or none, or ALiBi slopes), checked when a decoder takes the method so that a bad
 * method is refused before any forward pass.
 */
final class MethodSetup {

    private final Window.Shape shape;
    private final RopeScaling scaling;
    private final RopeGeometry geometry;
    private final float[] slopes;
    private final double scale;

    private MethodSetup(Window.Shape shape, RopeScaling scaling, RopeGeometry geometry, float[] slopes, double scale) {
        this.shape = shape;
        this.scaling = scaling;
        this.geometry = geometry;
        this.slopes = slopes;
        this.scale = scale;
    }

    static MethodSetup of(Extrapolation m, LlamaConfig c) {
        Window.Shape shape = m.window().shape(c.contextLength());
        double scale = 1.0 / Math.sqrt(c.headDim());
        Positions positions = trained(m.positions(), c);
        if (positions instanceof Positions.Rope rope) {
            RopeScaling scaling = rope.scaling() != null ? rope.scaling() : c.ropeScaling();
            RopeGeometry geometry = c.ropeGeometry();
            if (geometry.rotaryDim() != c.headDim()) {
                throw new IllegalArgumentException("the decoder rotates whole heads; this model's partial_rotary_factor "
                        + geometry.partialRotaryFactor() + " (rotary dim " + geometry.rotaryDim() + " of head_dim " + c.headDim()
                        + ") is not supported yet");
            }
            if (rope.base() > 0) {
                geometry = geometry.withBase(rope.base());
            }
            // computes once here so that a bad parameter (a LongRoPE list of the wrong length) fails now
            scaling.frequencies(geometry, c.contextLength());
            return new MethodSetup(shape, scaling, geometry, null, scale);
        }
        if (positions instanceof Positions.Alibi alibi) {
            double[] s = alibi.slopes(c.heads());
            float[] f = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                f[i] = (float) s[i];
            }
            return new MethodSetup(shape, null, null, f, scale);
        }
        return new MethodSetup(shape, null, null, null, scale);
    }

    /**
     * The positions to run: the checkpoint's own encoding for {@code Rope(null)} ("as trained"),
     * else {@code asked}; RoPE variants are refused on a checkpoint trained without RoPE.
     */
    private static Positions trained(Positions asked, LlamaConfig c) {
        boolean own = asked instanceof Positions.Rope r && r.scaling() == null && r.base() == 0;
        if (own) {
            return c.trainedPositions();
        }
        if (asked instanceof Positions.Rope && !c.rope()) {
            throw new IllegalArgumentException("this model was trained with " + c.trainedPositions().label()
                    + " positions (lmlab_position_encoding in its config.json), not RoPE, so " + asked.label()
                    + " does not apply; use its own positions (none) with a window (lminfinite, sinks, sliding), or nope/alibi");
        }
        return asked;
    }

    /**
     * Whether anything reads the cache's un-rotated keys: a rotation whose frequencies change with
     * the length (dynamic NTK, LongRoPE: the cache is re-rotated from them), or global keys scored
     * un-rotated at position 0 (LM-Infinite's capped distance).
     */
    boolean readsRawKeys() {
        return scaling instanceof RopeScaling.DynamicNtk || scaling instanceof RopeScaling.LongRope
                || shape.distance() == Window.GlobalDistance.CAPPED;
    }

    /** Whether attention adds ALiBi distance terms. */
    boolean alibi() {
        return slopes != null;
    }

    boolean rotates() {
        return scaling != null;
    }

    Window.Shape shape() {
        return shape;
    }

    /**
     * The rotary table for a pass reaching {@code maxPosition}, with the frequencies at that
     * length (dynamic NTK and LongRoPE depend on it); re-rotates the cache's keys when they
     * changed. Null when nothing rotates.
     */
    RotaryTable prepare(KvCache cache, long maxPosition) {
        if (scaling == null) {
            return null;
        }
        RopeFrequencies f = scaling.frequencies(geometry, Math.toIntExact(maxPosition + 1));
        RotaryTable table = cache.table();
        table.prepare(f, maxPosition);
        if (cache.rotation() != table.frequencies()) {
            cache.rerotate(table);
        }
        return table;
    }

    static boolean sameFrequencies(RopeFrequencies a, RopeFrequencies b) {
        return a.attentionFactor() == b.attentionFactor() && Arrays.equals(a.invFreq(), b.invFreq());
    }

    double scale() {
        return scale;
    }

    PassAttention.Setup setup(LlamaConfig c, RotaryTable table) {
        return new PassAttention.Setup(shape, c.heads(), c.kvHeads(), scale, table, slopes);
    }
}

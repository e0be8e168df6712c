package org.lmlab.training.position;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.Optional;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.llama.RotateHalf;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;

/**
 * RoPE (Su et al. 2021) as LLaMA applies it: queries and keys rotated in the rotate-half layout with
 * inv_freq_i = θ^(-2i/d). Frequencies and rotation are the inference engine's
 * ({@link RopeScaling.Default}, {@link RotateHalf}), so a trained checkpoint loads there unchanged.
 *
 * @param theta the base, rope_theta (10000 in the paper)
 */
public record Rotary(double theta) implements PositionEncoding {

    public Rotary {
        RopeGeometry.of(2, theta); // validates the base
    }

    public static Rotary standard() {
        return new Rotary(10000);
    }

    @Override
    public String name() {
        return "rope";
    }

    public RopeFrequencies frequencies(int headDim, int positions) {
        return new RopeScaling.Default().frequencies(RopeGeometry.of(headDim, theta), positions);
    }

    @Override
    public PositionTerms terms(PositionPass pass) {
        int d = pass.headDim();
        double[][] tables = RotateHalf.tables(frequencies(d, pass.time()), 0, pass.time());
        Shape shape = new Shape(pass.time(), d);
        return PositionTerms.rotation(pass.constant(tables[0], shape), pass.constant(tables[1], shape));
    }

    @Override
    public JsonObject toJson() {
        return EncodingJson.of(name(), "rope_theta", theta);
    }

    @Override
    public Optional<Positions> inference() {
        return Optional.of(new Positions.Rope(null));
    }
}

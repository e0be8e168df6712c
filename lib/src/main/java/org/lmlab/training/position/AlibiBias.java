package org.lmlab.training.position;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.Optional;
import org.lmlab.model.extrapolation.Positions;

/**
 * ALiBi (Press et al. 2022): the logit of query i and key j gets -slope_h · (i - j), no position
 * input otherwise. The slopes are the inference engine's ({@link Positions.Alibi#slopes}), so a
 * trained checkpoint runs there unchanged.
 *
 * @param maxBias 8 in the paper (slopes 2^(-8h/n))
 */
public record AlibiBias(double maxBias) implements PositionEncoding {

    public AlibiBias {
        new Positions.Alibi(maxBias); // validates
    }

    public static AlibiBias paper() {
        return new AlibiBias(8);
    }

    @Override
    public String name() {
        return "alibi";
    }

    public double[] slopes(int heads) {
        return new Positions.Alibi(maxBias).slopes(heads);
    }

    @Override
    public PositionTerms terms(PositionPass pass) {
        int t = pass.time();
        int heads = pass.heads();
        double[] slopes = slopes(heads);
        double[] bias = new double[heads * t * t];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    bias[(h * t + i) * t + j] = -slopes[h] * (i - j);
                }
            }
        }
        return PositionTerms.bias(pass.constant(bias, new Shape(heads, t, t)));
    }

    @Override
    public JsonObject toJson() {
        return EncodingJson.of(name(), "max_bias", maxBias);
    }

    @Override
    public Optional<Positions> inference() {
        return Optional.of(new Positions.Alibi(maxBias));
    }
}

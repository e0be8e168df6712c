package org.lmlab.training.position;

import com.google.gson.JsonObject;
import java.util.Optional;
import org.lmlab.model.extrapolation.Positions;

/**
 * NoPE (Kazemnejad et al. 2023): no position input at all; only the causal mask tells positions
 * apart.
 */
public record NoPositions() implements PositionEncoding {

    @Override
    public String name() {
        return "nope";
    }

    @Override
    public PositionTerms terms(PositionPass pass) {
        return PositionTerms.NONE;
    }

    @Override
    public JsonObject toJson() {
        return EncodingJson.of(name());
    }

    @Override
    public Optional<Positions> inference() {
        return Optional.of(new Positions.NoPE());
    }
}

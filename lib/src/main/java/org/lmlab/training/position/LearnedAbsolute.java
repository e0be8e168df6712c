package org.lmlab.training.position;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Learned absolute positions (GPT-2's {@code wpe}): a table of one learned vector per position,
 * added to the token embeddings. Positions beyond the table do not exist: a longer input is
 * refused.
 *
 * @param maxPositions rows of the table; 0 means the model's training context
 */
public record LearnedAbsolute(int maxPositions) implements PositionEncoding {

    /** The table's checkpoint name. */
    public static final String TABLE = "model.embed_positions.weight";

    public LearnedAbsolute {
        if (maxPositions < 0) {
            throw new IllegalArgumentException("learned absolute positions: max positions must be >= 0 (0: the "
                    + "context), got " + maxPositions);
        }
    }

    @Override
    public String name() {
        return "absolute";
    }

    @Override
    public Map<String, long[]> parameters(int hiddenSize, int heads, int context) {
        return Map.of(TABLE, new long[] {maxPositions > 0 ? maxPositions : context, hiddenSize});
    }

    @Override
    public PositionTerms terms(PositionPass pass) {
        NDArray table = pass.parameter(TABLE);
        long rows = table.getShape().get(0);
        if (pass.time() > rows) {
            throw new IllegalArgumentException("learned absolute positions cover " + rows + " positions; an input of "
                    + pass.time() + " has no embedding for the rest (train with a larger table to test longer inputs)");
        }
        return PositionTerms.added(table.get(new NDIndex("0:{}", pass.time())));
    }

    @Override
    public JsonObject toJson() {
        return EncodingJson.of(name(), "max_positions", maxPositions);
    }
}

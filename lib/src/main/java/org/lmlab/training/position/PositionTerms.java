package org.lmlab.training.position;

import ai.djl.ndarray.NDArray;

/**
 * One forward pass's position terms; any may be null.
 *
 * @param embedding {@code [time, hidden]}, added to the token embeddings
 * @param cos       {@code [time, headDim]}, with {@code sin}: RoPE rotation of queries and keys
 * @param sin       {@code [time, headDim]}
 * @param bias      {@code [heads, time, time]}, added to the attention logits (query row, key column)
 * @param tokenScale the token embeddings are multiplied by this before {@code embedding} is added (1:
 *                   unchanged)
 */
public record PositionTerms(NDArray embedding, NDArray cos, NDArray sin, NDArray bias, double tokenScale) {

    /** No position signal at all. */
    public static final PositionTerms NONE = new PositionTerms(null, null, null, null, 1);

    public static PositionTerms added(NDArray embedding) {
        return new PositionTerms(embedding, null, null, null, 1);
    }

    /** {@code embedding} added to the token embeddings scaled by {@code tokenScale}. */
    public static PositionTerms added(NDArray embedding, double tokenScale) {
        return new PositionTerms(embedding, null, null, null, tokenScale);
    }

    public static PositionTerms rotation(NDArray cos, NDArray sin) {
        return new PositionTerms(null, cos, sin, null, 1);
    }

    public static PositionTerms bias(NDArray bias) {
        return new PositionTerms(null, null, null, bias, 1);
    }

    public boolean isEmpty() {
        return embedding == null && cos == null && sin == null && bias == null;
    }
}

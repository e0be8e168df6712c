package org.lmlab.training.position;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * T5's relative position bias (Raffel et al. 2020): a learned scalar per head and distance
 * bucket, added to the attention logits, one table shared by all layers as in T5. Buckets follow
 * the T5 code's {@code relative_position_bucket} in its unidirectional (decoder) form: for query i
 * and key j the distance n = max(i - j, 0) has its own bucket below {@code buckets / 2}; from there
 * buckets grow logarithmically up to {@code maxDistance}, and every farther distance shares the
 * last bucket. Unlike T5, logits keep the 1/√d scale of the rest of the model.
 *
 * @param buckets     32 in T5
 * @param maxDistance 128 in T5
 */
public record T5Bias(int buckets, int maxDistance) implements PositionEncoding {

    /** The table's checkpoint name ({@code [buckets, heads]}, as T5's {@code relative_attention_bias}). */
    public static final String TABLE = "model.relative_attention_bias.weight";

    public T5Bias {
        if (buckets < 2 || maxDistance <= buckets / 2) {
            throw new IllegalArgumentException("T5 bias needs >= 2 buckets and a max distance above buckets/2, got "
                    + buckets + " buckets, max distance " + maxDistance);
        }
    }

    public static T5Bias t5() {
        return new T5Bias(32, 128);
    }

    @Override
    public String name() {
        return "t5";
    }

    /**
     * The bucket of a query {@code queryMinusKey} positions after its key (keys after the query,
     * masked anyway, fall in bucket 0). As T5, the logarithm is taken in float32 and truncated.
     */
    public int bucket(long queryMinusKey) {
        long n = Math.max(queryMinusKey, 0);
        int exact = buckets / 2;
        if (n < exact) {
            return (int) n;
        }
        float ratio = (float) StrictMath.log((float) n / exact);
        float scaled = ratio / (float) StrictMath.log((double) maxDistance / exact) * (buckets - exact);
        return (int) Math.min(buckets - 1, exact + (long) scaled);
    }

    @Override
    public Map<String, long[]> parameters(int hiddenSize, int heads, int context) {
        return Map.of(TABLE, new long[] {buckets, heads});
    }

    @Override
    public PositionTerms terms(PositionPass pass) {
        int t = pass.time();
        long[] index = new long[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                index[i * t + j] = bucket(i - j);
            }
        }
        NDArray table = pass.parameter(TABLE);
        NDArray rows = pass.oneHot(index, buckets).matMul(table).reshape(t, t, table.getShape().get(1));
        return PositionTerms.bias(rows.transpose(2, 0, 1));
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = EncodingJson.of(name());
        o.addProperty("num_buckets", buckets);
        o.addProperty("max_distance", maxDistance);
        return o;
    }
}

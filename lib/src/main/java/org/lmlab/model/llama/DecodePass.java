package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Arrays;
import java.util.List;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.engine.kernels.NativeWeights;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeFrequencies;

/**
 * One new token for each of several sequences, each reading one contiguous run of its own cache
 * with no mask ({@link #plain}): the decode step, written with few, large engine operations. Per
 * layer the rows of every sequence share one product per weight matrix; q and k of all rows are
 * rotated together by one multiply-add against cos/sin rows built in Java for the pass (the
 * rotate-half sign folded into sin, and a power-of-two attention scale folded into the query's
 * cos/sin, where it is exact). One row ({@code tile} 1): its keys and values are written in place
 * into its preallocated cache and its attention is three products, with no mask and no per-layer
 * index objects (the pass builds one slot index and one key range). A batch: the attention of all
 * sequences is a few operations per layer over one padded, masked copy of their keys and values
 * ({@link PaddedAttention}).
 *
 * <p>Arithmetic: every element-wise step is the one {@link LlamaDecoder}'s general pass does on
 * the same values, so with one row ({@code tile} 1) the logits equal the general pass's bit for
 * bit. With {@code tile} 4 the rows are padded to a whole number of tiles of 4: a BLAS product's
 * rows depend on how many rows it is given (1, 2-3 and whole tiles of 4 use different kernels),
 * and whole tiles give a row the same result whatever shares it, so a sequence's logits do not
 * depend on the batch it is decoded in. With {@link NativeDecodeWeights} (the CPU default) the
 * products run on lmlab's kernel, whose rows never depend on the number of rows: the logits then
 * differ from the general pass's in the last bits (each dot product sums in another order) and
 * still do not depend on the batch.
 *
 * <p>With the native decode layers as well ({@link NativeDecodeStep}, the CPU default where the
 * native products load) none of the engine operations above run: the cos/sin rows built here go to
 * one native call per step that runs every layer, writes each sequence's keys and values into its
 * cache in place and attends over its own run of slots (no padding, no tiles). This class keeps
 * the engine's path for other devices, a missing native library and {@code nativeLayers} off.
 */
final class DecodePass {

    private final LlamaConfig config;
    private final List<LayerWeights> layers;
    private final NDArray embedding;
    private final NDArray outputT;
    private final NDArray finalNorm;
    private final double scale;
    /** The attention scale is a power of two, so folding it into the query is exact. */
    private final boolean foldScale;
    /** Native copies of the weight matrices for the products, or null for PyTorch's. */
    private final NativeDecodeWeights natives;
    /** Whole layers in native code (with the native products, where bound), or null: the engine's operations. */
    private final NativeDecodeStep nativeStep;

    DecodePass(LlamaConfig config, List<LayerWeights> layers, NDArray embedding, NDArray outputT, NDArray finalNorm,
            double scale, NativeDecodeWeights natives, boolean nativeLayers) {
        this.natives = natives;
        this.nativeStep = nativeLayers && natives != null && natives.decodeLayers() != null
                ? new NativeDecodeStep(config, embedding, natives) : null;
        this.config = config;
        this.layers = layers;
        this.embedding = embedding;
        this.outputT = outputT;
        this.finalNorm = finalNorm;
        this.scale = scale;
        this.foldScale = Math.getExponent(scale) != Double.MIN_EXPONENT - 1
                && scale == Math.scalb(1.0, Math.getExponent(scale));
    }

    /** Whether a step runs every layer natively ({@link NativeDecodeStep}) rather than as engine operations. */
    boolean nativeLayers() {
        return nativeStep != null;
    }

    /**
     * Whether {@code c} (one token) reads exactly one contiguous run of slots at their true
     * distance, unmasked and with the queries' own rotation: then this pass computes it.
     */
    static boolean plain(LlamaDecoder.Claim c, Window.Shape shape, boolean alibi) {
        if (alibi || c.tokens().length != 1 || c.plan().blocks().size() != 1) {
            return false;
        }
        List<AttentionPlan.Segment> segments = c.plan().blocks().get(0).segments();
        if (segments.isEmpty()) {
            return false;
        }
        int to = segments.get(0).from();
        for (AttentionPlan.Segment s : segments) {
            boolean ownRotation = s.kind() == AttentionPlan.Kind.LOCAL || shape.distance() == Window.GlobalDistance.TRUE;
            if (s.masked() || !ownRotation || s.from() != to) {
                return false;
            }
            to = s.to();
        }
        return true;
    }

    /**
     * Runs one token per claim (each {@link #plain}) through every layer, writes their keys and
     * values (the un-rotated keys only when {@code rawKeys}: a method that re-rotates or places keys
     * at 0 reads them), and returns each sequence's next-token logits in claim order. Commits
     * nothing: the caller commits and evicts. With the native layers ({@link NativeDecodeStep})
     * every row is its own, with no tile padding.
     */
    float[][] run(NDManager pass, List<LlamaDecoder.Claim> claims, int tile, boolean rawKeys) {
        int n = claims.size();
        if (nativeStep != null) {
            float[][] t = rotationTables(claims, n);
            return nativeStep.run(pass, claims, t[0], t[1], foldScale ? 1f : (float) scale, rawKeys);
        }
        int rows = (n + tile - 1) / tile * tile;
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int d = config.headDim();
        int qWidth = heads * d;
        int kvWidth = kvHeads * d;
        int[] tokens = new int[rows];
        for (int i = 0; i < n; i++) {
            tokens[i] = claims.get(i).tokens()[0];
        }
        // one row (nextLogits): each cache read in place; a batch: every sequence's keys in one padded tensor
        PaddedAttention padded = tile == 1 ? null : new PaddedAttention(pass, claims);
        NDIndex[] slot = new NDIndex[n];
        NDList[] keys = new NDList[n];
        NDList[] values = new NDList[n];
        for (int i = 0; i < n && padded == null; i++) {
            LlamaDecoder.Claim c = claims.get(i);
            List<AttentionPlan.Segment> segments = c.plan().blocks().get(0).segments();
            slot[i] = new NDIndex(":, {}:{}, :", c.first(), c.first() + 1);
            // every layer's keys and values of the run it reads, as views made once for the pass
            NDIndex run = new NDIndex(":, :, {}:{}, :", segments.get(0).from(), segments.get(segments.size() - 1).to());
            keys[i] = c.cache().rotatedKeysByLayer(run);
            values[i] = c.cache().valuesByLayer(run);
        }
        NDArray[] rotation = rotation(pass, claims, rows);
        NDArray pad = rows > n ? pass.zeros(new Shape(rows - n, qWidth)) : null;
        NDArray x = LlamaDecoder.embed(embedding, pass, tokens, config.hiddenSize());
        double eps = config.rmsNormEps();
        for (int l = 0; l < layers.size(); l++) {
            LayerWeights w = layers.get(l);
            NativeDecodeWeights.Layer nw = natives == null ? null : natives.layer(l);
            NDArray qkv = linear(LlamaDecoder.rmsNorm(x, w.inputNorm(), eps), w.qkvT(), nw == null ? null : nw.qkv());
            if (w.qkvBias() != null) {
                qkv = qkv.add(w.qkvBias());
            }
            NDList qkAndV = qkv.split(new long[] {qWidth + kvWidth}, 1);
            // [rows, heads + kvHeads, 2, d/2]: the two halves that rotate-half swaps
            NDArray qk = qkAndV.get(0).reshape(rows, heads + kvHeads, 2, d / 2);
            NDArray rotated = qk.mul(rotation[0]).add(qk.flip(2).mul(rotation[1]));
            if (padded != null) {
                NDArray attention = padded.attend(l, rotated, rawKeys ? qk : null, qkAndV.get(1), rows, pad);
                x = mlp(x.add(linear(attention, w.outT(), nw == null ? null : nw.out())), w, nw);
                continue;
            }
            // heads first ([heads, rows, d]): a row's keys are then the [kvHeads, 1, d] its cache slot takes
            NDList qAndK = byHead(rotated, rows, heads + kvHeads, d).split(new long[] {heads}, 0);
            NDList q = byRow(qAndK.get(0), rows);
            NDList k = byRow(qAndK.get(1), rows);
            NDList v = byRow(byHead(qkAndV.get(1), rows, kvHeads, d), rows);
            NDList raw = rawKeys ? byRow(byHead(qk, rows, heads + kvHeads, d).split(new long[] {heads}, 0).get(1), rows) : null;
            NDList out = new NDList(pad == null ? n : n + 1);
            for (int i = 0; i < n; i++) {
                KvCache cache = claims.get(i).cache();
                cache.write(l, slot[i], raw == null ? null : raw.get(i), k.get(i), v.get(i));
                // head h reads kv head h / group: fold the group into the query rows, no copy of K/V
                NDArray scores = q.get(i).reshape(kvHeads, heads / kvHeads, d).matMul(keys[i].get(l));
                if (!foldScale) {
                    scores = scores.mul((float) scale);
                }
                out.add(scores.softmax(-1).matMul(values[i].get(l)).reshape(1, qWidth));
            }
            if (pad != null) {
                out.add(pad);
            }
            NDArray attention = out.size() == 1 ? out.singletonOrThrow() : NDArrays.concat(out, 0);
            x = mlp(x.add(linear(attention, w.outT(), nw == null ? null : nw.out())), w, nw);
        }
        float[] flat = linear(LlamaDecoder.rmsNorm(x, finalNorm, eps), head(tile), natives == null ? null : natives.head())
                .toFloatArray();
        int vocab = config.vocabSize();
        float[][] logits = new float[n][];
        for (int i = 0; i < n; i++) {
            logits[i] = Arrays.copyOfRange(flat, i * vocab, (i + 1) * vocab);
        }
        return logits;
    }

    /**
     * The output head {@code [h, vocab]}: for a batch with tied embeddings, a view of the lookup's
     * {@code [vocab, h]} rows (made in the pass's scope): MKL's product of several rows over that
     * layout is faster than over the contiguous {@code [h, vocab]} copy that one row reads fastest
     * (PyTorch 2.7.1, one thread, AMD EPYC, load average ~4, 8 rows: 20–21 against 22–33 ms).
     */
    private NDArray head(int tile) {
        return tile > 1 && config.tiedEmbeddings() ? embedding.transpose() : outputT;
    }

    /** The residual stream after the layer's MLP. */
    private NDArray mlp(NDArray x, LayerWeights w, NativeDecodeWeights.Layer nw) {
        NDList gateUp = linear(LlamaDecoder.rmsNorm(x, w.postNorm(), config.rmsNormEps()), w.gateUpT(),
                nw == null ? null : nw.gateUp()).split(new long[] {config.intermediateSize()}, 1);
        NDArray gate = gateUp.get(0);
        NDArray act = Activation.sigmoid(gate).mul(gate).mul(gateUp.get(1));
        return x.add(linear(act, w.downT(), nw == null ? null : nw.down()));
    }

    /** {@code x · W^T}: the native kernel on its copy of W when there is one, else the engine's product. */
    private NDArray linear(NDArray x, NDArray weightT, NativeWeights nativeWeight) {
        return nativeWeight == null ? LlamaDecoder.linear(x, weightT) : natives.multiply(x, nativeWeight);
    }

    /**
     * Fewest key columns of a padded pass. Padding a row's keys with masked columns leaves its
     * attention bit for bit as it is only while both lengths take the same kernel paths: PyTorch's
     * softmax sums a row in vector lanes (element j in lane j mod 8, or 16 with AVX-512; a masked
     * column adds an exact 0) but sums a row shorter than one vector serially, and its batched
     * product runs rows of under 400 multiply-adds in a loop of its own instead of BLAS.
     */
    static final int MIN_KEYS = 16;

    /**
     * The attention of a batch of sequences as a few operations per layer for all of them. Each
     * layer writes the rows' new keys and values into their caches (in place, as one row does),
     * copies every sequence's keys and values of that layer into one tensor
     * {@code [n, kvHeads, keys, headDim]}, padded to the longest run (at least {@value #MIN_KEYS}
     * columns) and masked to each one's own, and scores, softmaxes and weights in one product each.
     * A row's padded columns are -inf before the softmax, so they weigh exactly 0, and its result
     * does not depend on the others' lengths.
     */
    private final class PaddedAttention {
        private final List<LlamaDecoder.Claim> claims;
        private final int n;
        /** Per sequence, per layer: views {@code [1, kvHeads, keys, headDim]} of its cache. */
        private final NDList[] keyViews;
        private final NDList[] valueViews;
        private final NDIndex[] slot;
        /** {@code [n, 1, 1, keys]}: 0 on a row's own slots, -inf on its padding. */
        private final NDArray mask;
        /** The sequences' rows of {@code [heads, rows, d]} (the rest pad the products' tiles). */
        private final NDIndex ownRows;

        PaddedAttention(NDManager pass, List<LlamaDecoder.Claim> claims) {
            this.claims = claims;
            this.n = claims.size();
            int[] from = new int[n];
            int[] count = new int[n];
            int keys = MIN_KEYS;
            for (int i = 0; i < n; i++) {
                List<AttentionPlan.Segment> segments = claims.get(i).plan().blocks().get(0).segments();
                from[i] = segments.get(0).from();
                count[i] = segments.get(segments.size() - 1).to() - from[i];
                keys = Math.max(keys, count[i]);
            }
            keyViews = new NDList[n];
            valueViews = new NDList[n];
            slot = new NDIndex[n];
            float[] bias = new float[n * keys];
            int layerCount = config.layers();
            for (int i = 0; i < n; i++) {
                LlamaDecoder.Claim c = claims.get(i);
                c.cache().ensureCapacity(from[i] + keys);
                keyViews[i] = c.cache().keyWindow(from[i], keys).split(layerCount, 0);
                valueViews[i] = c.cache().valueWindow(from[i], keys).split(layerCount, 0);
                slot[i] = new NDIndex(":, {}:{}, :", c.first(), c.first() + 1);
                Arrays.fill(bias, i * keys + count[i], (i + 1) * keys, Float.NEGATIVE_INFINITY);
            }
            this.mask = pass.create(bias, new Shape(n, 1, 1, keys));
            this.ownRows = new NDIndex(":, :{}, :", n);
        }

        /**
         * Attention output {@code [rows, heads·headDim]} (padding rows 0) of layer {@code layer}
         * from the rotated q|k {@code [rows, heads + kvHeads, 2, d/2]}, the un-rotated one (null
         * unless raw keys are kept) and the values {@code [rows, kvHeads·d]}.
         */
        NDArray attend(int layer, NDArray rotated, NDArray raw, NDArray v, int rows, NDArray pad) {
            int heads = config.heads();
            int kvHeads = config.kvHeads();
            int d = config.headDim();
            NDList qAndK = byHead(rotated, rows, heads + kvHeads, d).split(new long[] {heads}, 0);
            NDList k = byRow(qAndK.get(1), rows);
            NDList value = byRow(byHead(v, rows, kvHeads, d), rows);
            NDList rawK = raw == null ? null
                    : byRow(byHead(raw, rows, heads + kvHeads, d).split(new long[] {heads}, 0).get(1), rows);
            NDList layerKeys = new NDList(n);
            NDList layerValues = new NDList(n);
            for (int i = 0; i < n; i++) {
                claims.get(i).cache().write(layer, slot[i], rawK == null ? null : rawK.get(i), k.get(i), value.get(i));
                layerKeys.add(keyViews[i].get(layer));
                layerValues.add(valueViews[i].get(layer));
            }
            NDArray q = qAndK.get(0);
            if (rows > n) {
                q = q.get(ownRows);
            }
            // [heads, n, d] to [n, kvHeads, group, d]: head h reads kv head h / group
            NDArray scores = q.transpose(1, 0, 2).reshape(n, kvHeads, heads / kvHeads, d)
                    .matMul(NDArrays.concat(layerKeys, 0).transpose(0, 1, 3, 2));
            if (!foldScale) {
                scores = scores.mul((float) scale);
            }
            NDArray out = scores.add(mask).softmax(-1).matMul(NDArrays.concat(layerValues, 0)).reshape(n, heads * d);
            return pad == null ? out : NDArrays.concat(new NDList(out, pad), 0);
        }
    }

    /** {@code [rows, count·d]} (or any shape of that size) as {@code [count, rows, d]}. */
    private static NDArray byHead(NDArray x, int rows, int count, int d) {
        return rows == 1 ? x.reshape(count, 1, d) : x.reshape(rows, count, d).transpose(1, 0, 2);
    }

    /** The rows of {@code x [heads, rows, d]} one by one ({@code x} itself when it has one row). */
    private static NDList byRow(NDArray x, int rows) {
        return rows == 1 ? new NDList(x) : x.split(rows, 1);
    }

    /**
     * {cos, sin} {@code [rows, heads + kvHeads, 2, d/2]} of each claim's position (zero for padding
     * rows): the rotary table's values, sin negated on the first half (so that multiplying the
     * swapped halves by it gives rotate-half times sin), and the query heads' rows times the
     * attention scale where that is exact. Without rotation cos is 1 and sin 0.
     */
    private NDArray[] rotation(NDManager pass, List<LlamaDecoder.Claim> claims, int rows) {
        float[][] t = rotationTables(claims, rows);
        Shape shape = new Shape(rows, config.heads() + config.kvHeads(), 2, config.headDim() / 2);
        return new NDArray[] {pass.create(t[0], shape), pass.create(t[1], shape)};
    }

    /** {@link #rotation}'s {cos, sin} as flat arrays {@code [rows, heads + kvHeads, d]}. */
    private float[][] rotationTables(List<LlamaDecoder.Claim> claims, int rows) {
        int heads = config.heads();
        int all = heads + config.kvHeads();
        int d = config.headDim();
        int half = d / 2;
        float[] cos = new float[rows * all * d];
        float[] sin = new float[rows * all * d];
        float q = foldScale ? (float) scale : 1f;
        for (int i = 0; i < claims.size(); i++) {
            LlamaDecoder.Claim c = claims.get(i);
            float[] rowCos = new float[d];
            float[] rowSin = new float[d];
            if (c.table() == null) {
                Arrays.fill(rowCos, 1f);
            } else {
                RopeFrequencies f = c.table().frequencies();
                double[][] t = RotateHalf.tables(f, Math.toIntExact(c.positions()[0]), 1);
                for (int j = 0; j < d; j++) {
                    rowCos[j] = (float) t[0][j];
                    rowSin[j] = j < half ? -(float) t[1][j] : (float) t[1][j];
                }
            }
            for (int h = 0; h < all; h++) {
                float s = h < heads ? q : 1f;
                int base = (i * all + h) * d;
                for (int j = 0; j < d; j++) {
                    cos[base + j] = rowCos[j] * s;
                    sin[base + j] = rowSin[j] * s;
                }
            }
        }
        return new float[][] {cos, sin};
    }
}

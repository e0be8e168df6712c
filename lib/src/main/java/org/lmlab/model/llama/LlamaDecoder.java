package org.lmlab.model.llama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.engine.kernels.NativeProducts;
import org.lmlab.model.engine.kernels.NativeWeights;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.weights.TensorSource;

/**
 * A LLaMA-family decoder (LLaMA, SmolLM2, Qwen2) written with DJL NDArray operations: RMSNorm,
 * grouped-query attention computed blockwise over queries and only over the key blocks the
 * extrapolation method lets them read ({@link AttentionPlan}), SwiGLU MLP, tied or untied output
 * projection. Weights live in a manager this object owns; every forward pass runs in an
 * {@link NDScope} (and a sub-manager for its inputs) so intermediate arrays are freed when it
 * returns. Not thread-safe: one forward pass at a time.
 */
public final class LlamaDecoder implements AutoCloseable {

    /** The loaded weights, shared by every view made with {@link #with}. */
    private record Weights(LlamaConfig config, NDManager manager, NDArray embedding, NDArray outputT,
            NDArray finalNorm, List<LayerWeights> layers, long parameters, NativeDecodeWeights natives) {}

    private final Weights weights;
    private final LlamaConfig config;
    private final DecoderOptions options;
    private final MethodSetup method;
    private final NDManager manager;
    private final NDArray embedding;
    private final NDArray outputT;
    private final NDArray finalNorm;
    private final List<LayerWeights> layers;
    private final boolean owner;
    private final DecodePass decodePass;

    private LlamaDecoder(Weights weights, DecoderOptions options, boolean owner) {
        this.weights = weights;
        this.config = weights.config();
        this.options = options;
        this.method = MethodSetup.of(options.method(), config);
        this.manager = weights.manager();
        this.embedding = weights.embedding();
        this.outputT = weights.outputT();
        this.finalNorm = weights.finalNorm();
        this.layers = weights.layers();
        this.owner = owner;
        this.decodePass = new DecodePass(config, layers, embedding, outputT, finalNorm, method.scale(),
                options.nativeProducts() ? weights.natives() : null, options.nativeLayers());
    }

    /**
     * This decoder's weights under another extrapolation method, without reloading them: a view
     * that shares the weights (closing it frees nothing; the loaded decoder owns them).
     *
     * @throws IllegalArgumentException when the method does not fit this model (checked here, so
     *     a bad method never reaches a forward pass)
     */
    public LlamaDecoder with(Extrapolation m) {
        return new LlamaDecoder(weights, options.withMethod(m), false);
    }

    /**
     * This decoder's weights with the decode step's products on the engine ({@code false}) or on
     * the native copies ({@code true}: only where they were loaded), as a view like {@link #with}.
     */
    LlamaDecoder withNativeProducts(boolean on) {
        return new LlamaDecoder(weights, options.withNativeProducts(on), false);
    }

    /**
     * This decoder's weights with the decode layers' other operations native ({@code true}: where
     * the native products are on) or on the engine, as a view like {@link #with}.
     */
    LlamaDecoder withNativeLayers(boolean on) {
        return new LlamaDecoder(weights, options.withNativeLayers(on), false);
    }

    /** Whether a decode step here runs whole layers natively ({@link DecodePass}). */
    boolean nativeLayers() {
        return decodePass.nativeLayers();
    }

    /** Native memory held by the decode step's copies of the weights (0 where there are none). */
    public long nativeBytes() {
        return weights.natives() == null ? 0 : weights.natives().bytes();
    }

    /** Whether a decode step here multiplies by the native copies of the weights. */
    public boolean nativeProducts() {
        return options.nativeProducts() && weights.natives() != null;
    }

    /** The extrapolation method this decoder runs with. */
    public Extrapolation method() {
        return options.method();
    }

    /** Loads every tensor of {@code source} onto {@code device} with default options. */
    public static LlamaDecoder load(TensorSource source, Device device) {
        return load(source, device, DecoderOptions.defaults());
    }

    /**
     * Loads the weights of {@code source} (checked against its config first) onto {@code device}.
     * The source may be closed afterwards.
     */
    public static LlamaDecoder load(TensorSource source, Device device, DecoderOptions options) {
        LlamaConfig c = source.config();
        WeightLayout.check(source, "weights");
        NDManager manager = NDManager.newBaseManager(device, DjlRuntime.pytorch().getEngineName());
        NativeDecodeWeights natives = null;
        try {
            DataType type = options.precision().dataType();
            natives = options.nativeProducts() && Device.Type.CPU.equals(device.getDeviceType()) && NativeProducts.isAvailable()
                    && NativeDecodeWeights.supports(type) ? new NativeDecodeWeights(type) : null;
            Loader in = new Loader(source, manager, type, natives);
            NDArray embedding = in.matrix("model.embed_tokens.weight");
            List<LayerWeights> layers = new ArrayList<>();
            for (int i = 0; i < c.layers(); i++) {
                String p = "model.layers." + i + ".";
                NDArray qkvBias = c.attentionBias()
                        ? in.fused(p + "self_attn.q_proj.bias", p + "self_attn.k_proj.bias", p + "self_attn.v_proj.bias")
                        : null;
                layers.add(new LayerWeights(
                        in.tensor(p + "input_layernorm.weight"),
                        in.transposed(p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight", p + "self_attn.v_proj.weight"),
                        qkvBias,
                        in.transposed(p + "self_attn.o_proj.weight"),
                        in.tensor(p + "post_attention_layernorm.weight"),
                        in.transposed(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"),
                        in.transposed(p + "mlp.down_proj.weight")));
                if (natives != null) {
                    List<NativeWeights> n = in.nativeCopies;
                    int k = n.size() - 4;
                    natives.addLayer(new NativeDecodeWeights.Layer(n.get(k), n.get(k + 1), n.get(k + 2), n.get(k + 3)));
                }
            }
            NDArray finalNorm = in.tensor("model.norm.weight");
            NDArray outputT = c.tiedEmbeddings() ? Loader.tiedOutput(embedding) : in.transposed("lm_head.weight");
            if (natives != null) {
                natives.head(c.tiedEmbeddings() ? natives.copy(embedding) : in.nativeCopies.get(in.nativeCopies.size() - 1));
                natives.bindLayers(c, layers, finalNorm);
            }
            Weights w = new Weights(c, manager, embedding, outputT, finalNorm, layers, in.elements, natives);
            return new LlamaDecoder(w, options, true);
        } catch (RuntimeException | Error e) {
            // an Error too: an OutOfMemoryError or a stopped cell (JShell's stop) mid-load must not leak
            // the engine's tensors or the native copies made so far
            manager.close();
            if (natives != null) {
                natives.close();
            }
            throw e;
        }
    }

    /**
     * Reads tensors into the model's manager, counting parameters. Matrices are converted to the
     * decoder's precision; vectors (norms, biases) stay F32.
     */
    private static final class Loader {
        private final TensorSource source;
        private final NDManager manager;
        private final DataType matrixType;
        private final NativeDecodeWeights natives;
        /** Native copies of the matrices {@link #transposed} returned, in order (with natives). */
        final List<NativeWeights> nativeCopies = new ArrayList<>();
        long elements;

        Loader(TensorSource source, NDManager manager, DataType matrixType, NativeDecodeWeights natives) {
            this.source = source;
            this.manager = manager;
            this.matrixType = matrixType;
            this.natives = natives;
        }

        NDArray matrix(String name) {
            return converted(tensor(name));
        }

        /**
         * The matrices {@code names} ({@code [out, in]}, fused along out when several) at the decoder's
         * precision, as the {@code [in, out]} operand of {@code x · W^T}. In F32 a contiguous copy
         * (the original is closed): over a transposed view a one-row product runs MKL's transposed
         * matrix-vector kernel, which streams the weights at about half the speed of the plain layout
         * (PyTorch 2.7.1 CPU, AMD EPYC, one thread: 12 against 26 GB/s on the 49,152 x 576 head; decoding
         * one token reads every weight once, so this sets the decode speed). Other types keep the view:
         * PyTorch's F16 product has a fast kernel only for that layout (17x slower on the copy).
         * Why the engine transposes and not Java: a weight made from a Java direct ByteBuffer is wrapped
         * without a copy and stays in the JVM's direct memory, whose limit is the heap size by default
         * (a 256 MiB heap could not load SmolLM2 in F32); from a FloatBuffer, DJL copies it through a
         * direct block of its own. The original here is freed at once by close().
         */
        NDArray transposed(String... names) {
            NDArray matrix = converted(names.length == 1 ? tensor(names[0]) : fused(names));
            if (natives != null) {
                nativeCopies.add(natives.copy(matrix));
            }
            if (matrix.getDataType() != DataType.FLOAT32) {
                return matrix.transpose();
            }
            NDArray t = transposedCopy(matrix);
            matrix.close();
            return t;
        }

        /** The output head of tied embeddings: the lookup keeps its own {@code [vocab, h]} rows. */
        static NDArray tiedOutput(NDArray embedding) {
            return embedding.getDataType() == DataType.FLOAT32 ? transposedCopy(embedding) : embedding.transpose();
        }

        private NDArray converted(NDArray f32) {
            if (matrixType == DataType.FLOAT32) {
                return f32;
            }
            NDArray narrow = f32.toType(matrixType, false);
            f32.close();
            return narrow;
        }

        NDArray tensor(String name) {
            FloatBuffer data = source.read(name);
            elements += data.remaining();
            return manager.create(data, new Shape(source.info(name).shape()));
        }

        /** Tensors concatenated along the output axis (rows). */
        NDArray fused(String... names) {
            NDList parts = new NDList();
            for (String n : names) {
                parts.add(tensor(n));
            }
            NDArray fused = NDArrays.concat(parts, 0);
            parts.close();
            return fused;
        }
    }

    /**
     * A contiguous copy of {@code matrix}'s transpose in the engine's memory: the loader closes the
     * original, whose memory may be a Java buffer that a collection then frees.
     */
    static NDArray transposedCopy(NDArray matrix) {
        Shape s = matrix.getShape();
        Shape t = new Shape(s.get(1), s.get(0));
        if (s.get(0) == 1 || s.get(1) == 1) {
            // one row or column: the transpose is laid out as the matrix, so a reshape would be a view of it
            return matrix.reshape(t).duplicate();
        }
        // reshaping the transposed view to one axis cannot be a view, so PyTorch copies it in order
        return matrix.transpose().reshape(-1).reshape(t);
    }

    public LlamaConfig config() {
        return config;
    }

    public DecoderOptions options() {
        return options;
    }

    /** Parameters loaded (tied embeddings counted once). */
    public long parameters() {
        return weights.parameters();
    }

    public Device device() {
        return manager.getDevice();
    }

    /**
     * An empty KV cache sized for {@code capacity} positions (it grows if exceeded) for this
     * decoder's method: a windowed method evicts what no later query reads.
     */
    public KvCache newCache(int capacity) {
        return new KvCache(manager, config.layers(), config.kvHeads(), config.headDim(), capacity,
                method.rotates(), options.method());
    }

    /**
     * Runs {@code tokens} after the positions already in {@code cache} (which is extended) and
     * returns the logits of the last token. One token is a decode step ({@link DecodePass}: with
     * PyTorch's operations its logits equal the general pass's bit for bit; with the native products
     * or layers, the CPU default, they differ in the last bits, each dot product summing in another
     * order); several run the general pass.
     */
    public float[] nextLogits(int[] tokens, KvCache cache) {
        if (tokens.length == 1) {
            return decode(tokens, List.of(cache), 1)[0];
        }
        Claim c = claim(tokens, cache);
        return general(c);
    }

    /**
     * One decode step for several sequences: {@code tokens[i]} runs after the positions in
     * {@code caches.get(i)} (each cache is extended), and each sequence's next-token logits come
     * back in order. Attention reads only each sequence's own cache (a ragged batch, so every
     * extrapolation method works as alone); the weight products take all sequences' rows at once,
     * padded to whole tiles of {@value #BATCH_TILE} rows, so a sequence's logits are the same bit for
     * bit whatever else shares its pass (a BLAS product's rows depend on how many rows it is given:
     * x86 MKL uses different kernels for 1, 2-3 and whole tiles of 4 rows). Against
     * {@link #nextLogits(int[], KvCache)} alone (one row, a matrix-vector kernel) they differ in the
     * last bits of the products' sums. A sequence whose step the decode pass does not cover (masked
     * or re-rotated keys, ALiBi) runs the general pass on its own, as alone.
     *
     * @throws IllegalArgumentException when the sizes differ, a cache appears twice or was made for
     *     another method, or a token is outside the vocabulary
     */
    public float[][] decode(int[] tokens, List<KvCache> caches) {
        return decode(tokens, caches, BATCH_TILE);
    }

    /** Rows of a batched decode product are padded to a multiple of this (see {@link #decode(int[], List)}). */
    public static final int BATCH_TILE = 4;

    private float[][] decode(int[] tokens, List<KvCache> caches, int tile) {
        if (tokens.length != caches.size() || tokens.length == 0) {
            throw new IllegalArgumentException("need one cache per token and at least one sequence; got "
                    + tokens.length + " tokens and " + caches.size() + " caches");
        }
        Set<KvCache> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < tokens.length; i++) {
            if (!distinct.add(caches.get(i))) {
                throw new IllegalArgumentException("a cache appears twice in one pass: each sequence needs its own");
            }
            check(new int[] {tokens[i]}, caches.get(i));
        }
        return DjlRuntime.withIntraOpThreads(options.decodeThreads(), () -> {
            float[][] out = new float[tokens.length][];
            List<Claim> fast = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < tokens.length; i++) {
                Claim c = claim(new int[] {tokens[i]}, caches.get(i));
                if (DecodePass.plain(c, method.shape(), method.alibi())) {
                    fast.add(c);
                    at.add(i);
                } else {
                    out[i] = general(c);
                }
            }
            if (!fast.isEmpty()) {
                float[][] logits;
                try (NDManager pass = manager.newSubManager(); NDScope scope = new NDScope()) {
                    logits = decodePass.run(pass, fast, tile, method.readsRawKeys());
                }
                for (int j = 0; j < fast.size(); j++) {
                    KvCache cache = fast.get(j).cache();
                    cache.commit(1);
                    cache.evict(method.shape(), cache.nextPosition());
                    out[at.get(j)] = logits[j];
                }
            }
            return out;
        });
    }

    /** The general pass for one claimed sequence: the logits of its last token. */
    private float[] general(Claim c) {
        try (NDManager pass = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray hidden = hidden(pass, part(pass, c));
            int n = c.tokens().length;
            return linear(n == 1 ? hidden : hidden.get(new NDIndex("{}:{}", n - 1, n)), outputT).toFloatArray();
        }
    }

    /** Logits {@code [tokens.length][vocab]} of every position of a fresh sequence (small inputs). */
    public float[][] logits(int[] tokens) {
        try (KvCache cache = newCache(tokens.length)) {
            return logits(tokens, cache);
        }
    }

    /**
     * Logits {@code [tokens.length][vocab]} of every position of {@code tokens} run after the
     * positions in {@code cache} (which is extended; small inputs).
     */
    public float[][] logits(int[] tokens, KvCache cache) {
        try (NDManager pass = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray all = linear(hidden(pass, tokens, cache), outputT);
            float[] flat = all.toFloatArray();
            int vocab = config.vocabSize();
            float[][] out = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * vocab, (i + 1) * vocab);
            }
            return out;
        }
    }

    /**
     * Runs {@code tokens} after the cached positions and returns, for each position i with
     * {@code targets[i] >= 0}, the natural-log probability of {@code targets[i]} as the next token
     * (NaN where the target is negative). Log-softmax is taken on the device in row blocks.
     */
    public double[] targetLogProbs(int[] tokens, int[] targets, KvCache cache) {
        if (targets.length != tokens.length) {
            throw new IllegalArgumentException("targets (" + targets.length + ") must match tokens (" + tokens.length + ")");
        }
        double[] out = new double[tokens.length];
        try (NDManager pass = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray hidden = hidden(pass, tokens, cache);
            int block = options.logitsBlock();
            for (int r0 = 0; r0 < tokens.length; r0 += block) {
                int r1 = Math.min(tokens.length, r0 + block);
                long[] idx = new long[r1 - r0];
                for (int i = r0; i < r1; i++) {
                    idx[i - r0] = Math.max(0, targets[i]);
                }
                int from = r0;
                int to = r1;
                NDArray picked = scoped(() -> linear(hidden.get(new NDIndex("{}:{}", from, to)), outputT).logSoftmax(-1)
                        .gather(pass.create(idx, new Shape(to - from, 1)), 1));
                float[] values = picked.toFloatArray();
                for (int i = r0; i < r1; i++) {
                    out[i] = targets[i] >= 0 ? values[i - r0] : Double.NaN;
                }
                picked.close();
            }
        }
        return out;
    }

    /**
     * A sequence in the general pass: its keys go to its own cache from slot {@code first}, and it
     * attends with its own plan and rotary table.
     */
    private record Part(int[] tokens, KvCache cache, int first, PassAttention attention, NDArray cos, NDArray sin) {
        int rows() {
            return tokens.length;
        }
    }

    /**
     * Final-normalised hidden states {@code [n, hidden]} of {@code tokens} at the positions after
     * the cache's; extends the cache by n positions and lets the method evict.
     */
    private NDArray hidden(NDManager pass, int[] tokens, KvCache cache) {
        return hidden(pass, part(pass, claim(tokens, cache)));
    }

    /** The engine side of a claimed sequence: its pass attention and the cos/sin rows of its positions. */
    private Part part(NDManager pass, Claim c) {
        PassAttention attention = new PassAttention(pass, c.plan(), method.setup(config, c.table()), c.cache());
        NDArray cos = c.table() == null ? null : c.table().cos(pass, c.positions());
        NDArray sin = c.table() == null ? null : c.table().sin(pass, c.positions());
        return new Part(c.tokens(), c.cache(), c.first(), attention, cos, sin);
    }

    /**
     * A sequence's tokens checked and placed in its cache (slots claimed, not yet committed), with
     * the rotary table (null when nothing rotates) and attention plan for their positions.
     */
    record Claim(int[] tokens, KvCache cache, int first, long[] positions, RotaryTable table, AttentionPlan plan) {}

    /** Refuses an empty input, a token outside the vocabulary, or a cache made for another method. */
    private void check(int[] tokens, KvCache cache) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to run");
        }
        for (int t : tokens) {
            if (t < 0 || t >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + t + " outside the vocabulary [0, " + config.vocabSize() + ")");
            }
        }
        if (!cache.method().equals(options.method())) {
            throw new IllegalArgumentException("this cache was made for " + cache.method() + ", not " + options.method()
                    + ": make one with this decoder's newCache");
        }
    }

    Claim claim(int[] tokens, KvCache cache) {
        check(tokens, cache);
        int n = tokens.length;
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            positions[i] = cache.nextPosition() + i;
        }
        cache.reserve(n);
        int first = cache.append(positions);
        RotaryTable table = method.prepare(cache, positions[n - 1]);
        AttentionPlan plan = AttentionPlan.of(method.shape(), cache.slots(n), positions, options.queryBlock());
        return new Claim(tokens, cache, first, positions, table, plan);
    }

    /**
     * Final-normalised hidden states {@code [rows, hidden]} of the sequence's tokens; extends its
     * cache and lets the method evict.
     */
    private NDArray hidden(NDManager pass, Part p) {
        NDArray x = embed(embedding, pass, p.tokens(), config.hiddenSize());
        for (int l = 0; l < layers.size(); l++) {
            int index = l;
            NDArray input = x;
            x = scoped(() -> block(index, layers.get(index), input, p));
            input.close();
        }
        p.cache().commit(p.rows());
        p.cache().evict(method.shape(), p.cache().nextPosition());
        return rmsNorm(x, finalNorm);
    }

    /** Embedding rows of {@code tokens} as F32 {@code [tokens.length, h]}. */
    static NDArray embed(NDArray embedding, NDManager pass, int[] tokens, int h) {
        // torch.take on the flattened embedding: row t, column j is element t*h + j
        long[] flat = new long[tokens.length * h];
        for (int i = 0; i < tokens.length; i++) {
            for (int j = 0; j < h; j++) {
                flat[i * h + j] = (long) tokens[i] * h + j;
            }
        }
        NDArray x = embedding.take(pass, pass.create(flat, new Shape(tokens.length, h)));
        return x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    }

    private NDArray block(int index, LayerWeights w, NDArray x, Part p) {
        int d = config.headDim();
        int qWidth = config.heads() * d;
        int kvWidth = config.kvHeads() * d;
        NDArray qkv = linear(rmsNorm(x, w.inputNorm()), w.qkvT());
        if (w.qkvBias() != null) {
            qkv = qkv.add(w.qkvBias());
        }
        NDArray q = heads(qkv.get(new NDIndex(":, :{}", qWidth)), config.heads());
        NDArray k = heads(qkv.get(new NDIndex(":, {}:{}", qWidth, qWidth + kvWidth)), config.kvHeads());
        NDArray v = heads(qkv.get(new NDIndex(":, {}:", qWidth + kvWidth)), config.kvHeads());
        boolean rotate = p.cos() != null;
        p.cache().write(index, p.first(), k, rotate ? RotateHalf.rotate(k, p.cos(), p.sin()) : k, v);
        NDArray attended = p.attention().attend(index, q, rotate ? RotateHalf.rotate(q, p.cos(), p.sin()) : q);
        NDArray attention = attended.transpose(1, 0, 2).reshape(p.rows(), qWidth);
        x = x.add(linear(attention, w.outT()));
        NDArray gateUp = linear(rmsNorm(x, w.postNorm()), w.gateUpT());
        int inner = config.intermediateSize();
        NDArray gate = gateUp.get(new NDIndex(":, :{}", inner));
        NDArray up = gateUp.get(new NDIndex(":, {}:", inner));
        NDArray act = Activation.sigmoid(gate).mul(gate).mul(up);
        return x.add(linear(act, w.downT()));
    }

    /**
     * {@code x · weightT} at the decoder's precision: F32 activations are cast to the weights'
     * type for the product (accumulated in F32 by the backends) and the result comes back as F32.
     */
    static NDArray linear(NDArray x, NDArray weightT) {
        DataType type = weightT.getDataType();
        if (type == DataType.FLOAT32) {
            return x.matMul(weightT);
        }
        return x.toType(type, false).matMul(weightT).toType(DataType.FLOAT32, false);
    }

    /** {@code [n, heads*d]} to {@code [heads, n, d]}. */
    private NDArray heads(NDArray x, int count) {
        long n = x.getShape().get(0);
        return x.reshape(n, count, config.headDim()).transpose(1, 0, 2);
    }

    /**
     * Runs {@code step} in its own {@link NDScope} so its intermediates are freed on return, and
     * hands the result to the enclosing scope: one layer's (or block's) temporaries at a time.
     */
    static NDArray scoped(Supplier<NDArray> step) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            result = step.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        return rmsNorm(x, weight, config.rmsNormEps());
    }

    /** {@code x / sqrt(mean(x²) + eps) · weight} over the last axis. */
    static NDArray rmsNorm(NDArray x, NDArray weight, double eps) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return x.div(meanSquare.add((float) eps).sqrt()).mul(weight);
    }

    /** Frees the weights' native memory (a view made with {@link #with} frees nothing). */
    @Override
    public void close() {
        if (owner) {
            manager.close();
            if (weights.natives() != null) {
                weights.natives().close();
            }
        }
    }
}

package org.lmlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lmlab.model.engine.DjlRuntime;

/**
 * A decoder-only transformer being trained: its {@link TransformerConfig} and its tensors, held on
 * the CPU in float32 (or float64 for gradient checks) under their Hugging Face LLaMA names, each
 * recording gradients. {@link #loss} and {@link #logits} build the forward pass on the engine;
 * run them inside an {@link NDScope} (the trainer does) so the pass's arrays are freed. Not
 * thread-safe.
 */
public final class Transformer implements AutoCloseable {

    private final TransformerConfig config;
    private final DataType dtype;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private Transformer(TransformerConfig config, DataType dtype, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.dtype = dtype;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** A model with seeded initial values ({@link Initializer} describes the scheme). */
    public static Transformer initialize(TransformerConfig config, long seed, DataType dtype) {
        Map<String, double[]> values = new LinkedHashMap<>();
        config.tensorShapes().forEach((name, shape) -> values.put(name, Initializer.values(name, shape,
                config.layers(), seed)));
        return of(config, dtype, values);
    }

    /**
     * A model with the given values, one per tensor of {@link TransformerConfig#tensorShapes}
     * (row-major, in that shape).
     *
     * @throws IllegalArgumentException naming a missing or mis-sized tensor
     */
    public static Transformer of(TransformerConfig config, DataType dtype, Map<String, double[]> values) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
            throw new IllegalArgumentException("the trainer computes in float32 or float64, not " + dtype);
        }
        NDManager manager = NDManager.newBaseManager(DjlRuntime.pytorch().getEngineName());
        try {
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : config.tensorShapes().entrySet()) {
                double[] v = values.get(e.getKey());
                Shape shape = new Shape(e.getValue());
                if (v == null || v.length != shape.size()) {
                    throw new IllegalArgumentException("tensor " + e.getKey() + (v == null ? " is missing"
                            : " has " + v.length + " values, its shape " + Arrays.toString(e.getValue()) + " needs "
                            + shape.size()));
                }
                NDArray exact = manager.create(v, shape);
                NDArray p = exact.toType(dtype, false);
                if (p != exact) {
                    exact.close(); // the float64 staging copy would stay in the model's manager, in direct memory
                }
                p.setRequiresGradient(true);
                parameters.put(e.getKey(), p);
            }
            return new Transformer(config, dtype, manager, parameters);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public TransformerConfig config() {
        return config;
    }

    public DataType dtype() {
        return dtype;
    }

    /** The tensors by checkpoint name, in checkpoint order (updated in place by the optimiser). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The manager the tensors live in (optimiser state goes in a sub-manager of it). */
    NDManager manager() {
        return manager;
    }

    /** Mean cross-entropy (nats) over the batch's scored positions: a scalar of the model's dtype. */
    public NDArray loss(Batch batch) {
        return new TransformerPass(this, batch).loss();
    }

    /** Logits {@code [batch, T, vocab]} of every position. */
    public NDArray logits(Batch batch) {
        return new TransformerPass(this, batch).logits();
    }

    /** Logits {@code [tokens.length][vocab]} of one sequence, as Java arrays (no gradients kept). */
    public float[][] logits(int[] tokens) {
        int[][] row = {tokens};
        int[][] none = {new int[tokens.length]};
        try (NDScope scope = new NDScope()) {
            float[] flat = logits(Batch.full(row, none)).toType(DataType.FLOAT32, false).toFloatArray();
            int v = config.vocabSize();
            float[][] out = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
            }
            return out;
        }
    }

    /** The loss of {@code batch} as a number, without gradients. */
    public double evaluate(Batch batch) {
        try (NDScope scope = new NDScope()) {
            return loss(batch).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /** Every tensor's values, in checkpoint order. */
    public Map<String, double[]> values() {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            parameters.forEach((name, p) -> out.put(name, p.toType(DataType.FLOAT64, false).toDoubleArray()));
        }
        return out;
    }

    /** Parameters in all. */
    public long parameterCount() {
        return config.parameterCount();
    }

    @Override
    public void close() {
        manager.close();
    }
}

package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.engine.kernels.NativeDecodeLayers;
import org.lmlab.model.engine.kernels.NativeWeights;

/**
 * Native copies of a decoder's weight matrices for the decode step's products
 * ({@link NativeWeights}: each matrix streamed once for all rows of a step, in the {@code [out, in]}
 * layout). They sit beside the engine's own copies, which the general pass (prompts, scoring) still
 * uses: the same bytes again in native memory, counted by {@link #bytes()}.
 *
 * <p>F16 products round x to F16 before and y after the product, as the engine's F16 product does
 * ({@link LlamaDecoder#linear}), so a decode step and the general pass compute the same function;
 * only the order of each dot product's additions differs.
 */
final class NativeDecodeWeights implements AutoCloseable {

    /** One layer's matrices. */
    record Layer(NativeWeights qkv, NativeWeights out, NativeWeights gateUp, NativeWeights down) {}

    private final List<NativeWeights> all = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private NativeWeights head;
    private final NativeWeights.Rounding rounding;
    /** The whole decode layers in native code over these matrices (null until {@link #bindLayers}). */
    private NativeDecodeLayers decodeLayers;

    NativeDecodeWeights(DataType type) {
        this.rounding = type == DataType.FLOAT16 ? NativeWeights.Rounding.X_AND_Y : NativeWeights.Rounding.NONE;
    }

    /** Whether the native products can take weights of {@code type}. */
    static boolean supports(DataType type) {
        return type == DataType.FLOAT32 || type == DataType.FLOAT16;
    }

    /** A native copy of {@code matrix} ({@code [out, in]}, F32 or F16, on the CPU). */
    NativeWeights copy(NDArray matrix) {
        Shape s = matrix.getShape();
        NativeWeights.Type type = matrix.getDataType() == DataType.FLOAT16 ? NativeWeights.Type.F16 : NativeWeights.Type.F32;
        NativeWeights w = NativeWeights.copyOf(matrix.toByteBuffer(true), type, Math.toIntExact(s.get(0)),
                Math.toIntExact(s.get(1)));
        all.add(w);
        return w;
    }

    void addLayer(Layer layer) {
        layers.add(layer);
    }

    void head(NativeWeights w) {
        head = w;
    }

    Layer layer(int i) {
        return layers.get(i);
    }

    NativeWeights head() {
        return head;
    }

    /**
     * Describes every layer to the native decode layers: these matrices and the engine's norm
     * vectors and q|k|v biases (F32 CPU tensors of the decoder, read in place for its lifetime: no copy).
     */
    void bindLayers(LlamaConfig c, List<LayerWeights> weights, NDArray finalNorm) {
        List<NativeDecodeLayers.Layer> list = new ArrayList<>(weights.size());
        for (int l = 0; l < weights.size(); l++) {
            LayerWeights w = weights.get(l);
            Layer n = layers.get(l);
            list.add(new NativeDecodeLayers.Layer(w.inputNorm().toByteBuffer(true), n.qkv(),
                    w.qkvBias() == null ? null : w.qkvBias().toByteBuffer(true), n.out(), w.postNorm().toByteBuffer(true),
                    n.gateUp(), n.down()));
        }
        NativeDecodeLayers.Dims dims = new NativeDecodeLayers.Dims(c.layers(), c.hiddenSize(), c.heads(), c.kvHeads(),
                c.headDim(), c.intermediateSize(), (float) c.rmsNormEps());
        decodeLayers = NativeDecodeLayers.of(dims, list, finalNorm.toByteBuffer(true), rounding);
    }

    /** The native decode layers, or null where they were not bound. */
    NativeDecodeLayers decodeLayers() {
        return decodeLayers;
    }

    /** Native bytes held. */
    long bytes() {
        return all.stream().mapToLong(NativeWeights::bytes).sum();
    }

    /**
     * {@code x · W^T} for {@code x [rows, in]} (F32, on the CPU): read in place when contiguous, the
     * result written straight into a new engine array; more than {@link NativeWeights#MAX_ROWS}
     * rows go in chunks (a row's result does not depend on its chunk).
     */
    NDArray multiply(NDArray x, NativeWeights w) {
        int rows = Math.toIntExact(x.getShape().get(0));
        NDArray y = x.getManager().create(new Shape(rows, w.out()), DataType.FLOAT32);
        multiply(x.toByteBuffer(true), y.toByteBuffer(true), rows, w);
        return y;
    }

    /** {@link #multiply(NDArray, NativeWeights)} on direct buffers of native-order floats (from position 0). */
    void multiply(ByteBuffer xb, ByteBuffer yb, int rows, NativeWeights w) {
        for (int r = 0; r < rows; r += NativeWeights.MAX_ROWS) {
            int n = Math.min(NativeWeights.MAX_ROWS, rows - r);
            w.multiply(xb.slice(4 * r * w.in(), 4 * n * w.in()), yb.slice(4 * r * w.out(), 4 * n * w.out()), n, rounding);
        }
    }

    @Override
    public void close() {
        if (decodeLayers != null) {
            decodeLayers.close();
        }
        all.forEach(NativeWeights::close);
    }
}

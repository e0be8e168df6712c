package org.lmlab.model.llama;

import org.lmlab.model.engine.Precision;
import org.lmlab.model.extrapolation.Extrapolation;

/**
 * The extrapolation method and block sizes of a {@link LlamaDecoder}.
 *
 * @param method       positions and attention window ({@link Extrapolation#none()}: as trained)
 * @param queryBlock   queries per attention block: scores for at most queryBlock × keys pairs
 *                     per head exist at once, which bounds memory on long inputs
 * @param logitsBlock  rows per output-projection block when scoring many positions
 * @param precision    type of the weight matrices and their products (F32 by default)
 * @param decodeThreads PyTorch intra-op threads while decoding one token per sequence (0: the
 *                     engine's setting). A decode step is ~1,000 small operations; on a 2-core
 *                     machine whose cores are shared, two threads wait for each other at every
 *                     one of them, and one thread decodes several times faster (docs/models.md)
 * @param nativeProducts whether a decode step on the CPU multiplies by the weights with lmlab's
 *                     native kernel ({@link org.lmlab.model.engine.kernels.NativeProducts}; used where
 *                     it loaded, else PyTorch); it holds a second copy of the weight matrices
 * @param nativeLayers with the native products: whether the rest of each decode layer (norms,
 *                     rotation, cache writes, attention, SiLU, residuals) runs natively too, one
 *                     call per step ({@link org.lmlab.model.engine.kernels.NativeDecodeLayers}),
 *                     instead of ~40 engine operations per layer
 */
public record DecoderOptions(Extrapolation method, int queryBlock, int logitsBlock, Precision precision,
        int decodeThreads, boolean nativeProducts, boolean nativeLayers) {

    public DecoderOptions {
        if (method == null) {
            throw new IllegalArgumentException("an extrapolation method is required (Extrapolation.none() for none)");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        if (queryBlock <= 0 || logitsBlock <= 0) {
            throw new IllegalArgumentException("block sizes must be positive");
        }
        if (decodeThreads < 0) {
            throw new IllegalArgumentException("decodeThreads must be >= 0 (0: the engine's setting), got " + decodeThreads);
        }
    }

    public static DecoderOptions defaults() {
        return new DecoderOptions(Extrapolation.none(), 256, 256, Precision.F32, defaultDecodeThreads(), true, true);
    }

    /**
     * One thread on machines with at most 2 cores (measured there: many small operations), else
     * the engine's setting (not measured here).
     */
    static int defaultDecodeThreads() {
        return Runtime.getRuntime().availableProcessors() <= 2 ? 1 : 0;
    }

    public DecoderOptions withMethod(Extrapolation m) {
        return new DecoderOptions(m, queryBlock, logitsBlock, precision, decodeThreads, nativeProducts, nativeLayers);
    }

    public DecoderOptions withQueryBlock(int n) {
        return new DecoderOptions(method, n, logitsBlock, precision, decodeThreads, nativeProducts, nativeLayers);
    }

    public DecoderOptions withPrecision(Precision p) {
        return new DecoderOptions(method, queryBlock, logitsBlock, p, decodeThreads, nativeProducts, nativeLayers);
    }

    public DecoderOptions withDecodeThreads(int n) {
        return new DecoderOptions(method, queryBlock, logitsBlock, precision, n, nativeProducts, nativeLayers);
    }

    /** With or without the native products in the decode step (off: PyTorch's, as before). */
    public DecoderOptions withNativeProducts(boolean on) {
        return new DecoderOptions(method, queryBlock, logitsBlock, precision, decodeThreads, on, nativeLayers);
    }

    /** With or without the native decode layers (off: the engine's operations around the native products). */
    public DecoderOptions withNativeLayers(boolean on) {
        return new DecoderOptions(method, queryBlock, logitsBlock, precision, decodeThreads, nativeProducts, on);
    }
}

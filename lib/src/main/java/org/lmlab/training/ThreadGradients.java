package org.lmlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records gradients on the calling thread only, what DJL's {@code PtGradientCollector} does
 * (PyTorch's grad mode on, {@code backward} from a ones seed, grad mode restored on close) without
 * its one-collector-per-JVM lock: PyTorch's grad mode is per thread, so a study can train several
 * models at once on separate threads.
 */
final class ThreadGradients implements AutoCloseable {

    private final boolean before;

    ThreadGradients() {
        before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Back-propagates the scalar {@code loss} into every parameter that records gradients. */
    void backward(NDArray loss) {
        try (NDArray seed = loss.getManager().ones(loss.getShape(), loss.getDataType())) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    @Override
    public void close() {
        JniUtils.setGradMode(before);
    }
}

package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.engine.kernels.NativeProducts;
import org.lmlab.model.engine.kernels.NativeWeights;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.model.weights.TensorInfo;
import org.lmlab.model.weights.TensorSource;
import org.lmlab.reference.PythonReference;

/**
 * A load that fails part-way (an error reading a late tensor: out of memory, a stopped cell, a bad
 * file) frees the native weight copies made before it, whatever was thrown.
 */
class LoadFailureTest {

    @TempDir Path dir;

    @Test
    void aFailedLoadLeavesNoNativeCopiesBehind() throws Exception {
        assumeTrue(NativeProducts.isAvailable(), NativeProducts::unavailableReason);
        PythonReference.run(TinyDecoderNumpyTest.tinyModelScript(), dir.toString(), "F32", "1", "llama", "0");
        long before = NativeWeights.liveBytes();
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir)) {
            String late = "model.layers." + (source.config().layers() - 1) + ".mlp.down_proj.weight";
            try (LlamaDecoder loaded = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults())) {
                assertTrue(loaded.nativeProducts(), "the decode step uses native copies here");
                assertTrue(NativeWeights.liveBytes() - before >= loaded.nativeBytes(), "a load makes native copies");
            }
            assertEquals(before, NativeWeights.liveBytes(), "closing the decoder frees them");
            for (Supplier<Throwable> failure : List.<Supplier<Throwable>>of(() -> new OutOfMemoryError("simulated"),
                    () -> new IllegalStateException("simulated"), () -> new InternalError("simulated"))) {
                Throwable expected = failure.get();
                Throwable thrown = assertThrows(Throwable.class, () -> LlamaDecoder.load(new FailingAt(source, late,
                        expected), Device.cpu(), DecoderOptions.defaults()));
                assertSame(expected, thrown);
                assertEquals(before, NativeWeights.liveBytes(), "after " + expected + " mid-load");
            }
        }
    }

    /** {@code source}, except that reading {@code name} throws {@code failure}. */
    private record FailingAt(TensorSource source, String name, Throwable failure) implements TensorSource {
        @Override
        public LlamaConfig config() {
            return source.config();
        }

        @Override
        public List<String> tensorNames() {
            return source.tensorNames();
        }

        @Override
        public TensorInfo info(String tensor) {
            return source.info(tensor);
        }

        @Override
        public FloatBuffer read(String tensor) {
            if (tensor.equals(name)) {
                sneakyThrow(failure);
            }
            return source.read(tensor);
        }

        @Override
        public void close() {
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
            throw (T) t;
        }
    }
}

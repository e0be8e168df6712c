package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.reference.PythonReference;

/**
 * Decoder paths SmolLM2 does not use (untied lm_head, Qwen2 q/k/v biases, BF16 storage, shards)
 * on tiny random models, against the float64 numpy decoder.
 */
class TinyDecoderNumpyTest {

    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({"F32, 1, llama, false", "BF16, 2, qwen2, true", "F16, 1, qwen2, false"})
    void logitsMatchNumpy(String dtype, int shards, String arch, boolean tied) throws Exception {
        PythonReference.run(tinyModelScript(), dir.toString(), dtype, Integer.toString(shards), arch, tied ? "1" : "0");
        int[] ids = {3, 17, 0, 31, 5, 5, 12, 9, 28};
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir);
                LlamaDecoder decoder = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults().withQueryBlock(2))) {
            float[][] ours = decoder.logits(ids);
            double[][] ref = SmolLm2Fixture.numpyLogits(dir, ids, decoder.config().vocabSize());
            double worst = 0;
            for (int i = 0; i < ids.length; i++) {
                worst = Math.max(worst, LlamaDecoderNumpyTest.maxAbsDiff(ours[i], ref[i]));
            }
            System.out.printf("tiny %s %s tied=%s: max |logit diff| %.3g%n", arch, dtype, tied, worst);
            assertTrue(worst < 1e-4, "max abs logit difference " + worst);
        }
    }

    /** The tiny-model writer shared with the safetensors tests. */
    static String tinyModelScript() throws IOException {
        try (InputStream in = SafetensorsTensorSource.class.getResourceAsStream("tiny_model.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

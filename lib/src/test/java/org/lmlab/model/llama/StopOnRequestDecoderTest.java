package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.Generator;
import org.lmlab.model.SamplingOptions;
import org.lmlab.model.Scorer;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;

/** Generation stops between tokens and perplexity between windows when a stop is requested. */
class StopOnRequestDecoderTest {

    @TempDir Path dir;

    @AfterEach
    void reset() {
        Cancellation.reset();
    }

    @Test
    void generationAndPerplexityStopOnRequest() throws Exception {
        PythonReference.run(TinyDecoderNumpyTest.tinyModelScript(), dir.toString(), "F32", "1", "llama", "0");
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir);
                LlamaDecoder decoder = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults())) {
            AtomicInteger seen = new AtomicInteger();
            int[] prompt = {3, 17, 0};
            assertThrows(Cancellation.CancelledException.class, () -> Generator.generate(decoder, prompt, 20,
                    SamplingOptions.greedy(), Set.of(), t -> {
                        if (seen.incrementAndGet() == 3) {
                            Cancellation.request();
                        }
                    }));
            assertEquals(3, seen.get(), "tokens after the request");

            int[] ids = new int[40];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (7 * i + 3) % 32;
            }
            AtomicInteger windows = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            Progress stopAfterTwo = new Progress() {
                @Override
                public void start(long total, String label) {
                }

                @Override
                public void step(long units) {
                    if (windows.incrementAndGet() == 2) {
                        Cancellation.request();
                    }
                }

                @Override
                public void done() {
                    done.incrementAndGet();
                }
            };
            Cancellation.reset();
            Cancellation.request();
            Cancellation.reset(); // a reset request does not stop anything
            assertEquals(20, Generator.generate(decoder, prompt, 20, SamplingOptions.greedy(), Set.of(), null)
                    .tokens().length);
            assertThrows(Cancellation.CancelledException.class,
                    () -> Scorer.perplexity(decoder, ids, 8, 4, stopAfterTwo));
            assertEquals(2, windows.get());
            assertEquals(1, done.get(), "the progress bar is finished when stopped");
            Cancellation.reset();
            assertTrue(Double.isFinite(Scorer.perplexity(decoder, ids, 8, 4).value()));
        }
    }
}

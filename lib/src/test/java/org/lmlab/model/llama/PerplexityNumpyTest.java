package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.Perplexity;
import org.lmlab.model.Scorer;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.reference.PythonReference;

/**
 * Perplexity of a fixed 2,048-token Shakespeare text (tokenised by llama.cpp) under our decoder
 * against the float64 numpy decoder running the same Hugging Face fixed-length protocol.
 * {@link LlamaCppReferenceTest} compares the same perplexity with llama.cpp's.
 */
class PerplexityNumpyTest {

    static LlamaDecoder decoder;
    static int[] ids;

    @BeforeAll
    static void load() throws Exception {
        Path text = PythonReference.root().resolve("datasets/text/tinyshakespeare-excerpt.txt");
        try (LlamaCpp llamaCpp = new LlamaCpp(SmolLm2Fixture.gguf(), 64, 1)) {
            ids = llamaCpp.encode(Files.readString(text));
        }
        assertTrue(ids.length >= 2048, "excerpt gives only " + ids.length + " tokens");
        ids = Arrays.copyOf(ids, 2048);
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(SmolLm2Fixture.safetensors())) {
            decoder = LlamaDecoder.load(source, Device.cpu());
        }
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    static void assertAgrees(int[] tokens, int window, int stride) throws Exception {
        Perplexity ours = Scorer.perplexity(decoder, tokens, window, stride);
        JsonObject ref = JsonParser.parseString(SmolLm2Fixture.numpyPerplexity(tokens, window, stride)).getAsJsonObject();
        double relative = Math.abs(ours.value() / ref.get("ppl").getAsDouble() - 1);
        System.out.printf("%d tokens, window %d, stride %d: perplexity %.6f, numpy float64 %.6f, relative difference %.2g%n",
                tokens.length, window, stride, ours.value(), ref.get("ppl").getAsDouble(), relative);
        assertEquals(ref.get("count").getAsLong(), ours.tokens(), "tokens scored");
        assertTrue(relative < 0.005, "perplexity differs by " + relative);
    }

    @Test
    void fullWindowPerplexityOf2048TokensMatchesNumpy() throws Exception {
        assertAgrees(ids, 2048, 2048);
    }

    @Test
    void slidingWindowPerplexityMatchesNumpy() throws Exception {
        // a stride that does not divide the length: the last window scores a partial stride
        assertAgrees(Arrays.copyOf(ids, 600), 256, 160);
    }
}

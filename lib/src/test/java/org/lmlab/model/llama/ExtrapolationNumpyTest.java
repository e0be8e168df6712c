package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.Gson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.reference.PythonReference;

/**
 * Every window and position scheme against numpy_llama.py's {@code method} mode: a float64
 * forward pass that builds the full score matrix pair by pair from the papers' definitions
 * (explicit masks, each pair rotated at the positions the method gives it; StreamingLLM's
 * per-query cache is listed explicitly). Ours runs three ways on the same tokens: one pass in
 * query blocks of 4, token by token with eviction (StreamingLLM's streaming evaluation), and in
 * chunks of 3; all must match the reference. The inputs are 40 tokens, so every branch is used:
 * bands, global keys inside and outside the band, evicted slots and compaction.
 */
class ExtrapolationNumpyTest {

    @TempDir static Path dir;
    static LlamaDecoder plain;
    static final int[] IDS = new int[40];

    @BeforeAll
    static void load() throws Exception {
        PythonReference.run(TinyDecoderNumpyTest.tinyModelScript(), dir.toString(), "F32", "1", "llama", "0");
        for (int i = 0; i < IDS.length; i++) {
            IDS[i] = (i * 7 + 3) % 32;
        }
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir)) {
            plain = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults().withQueryBlock(4));
        }
    }

    @AfterAll
    static void close() {
        plain.close();
    }

    static Stream<Arguments> methods() {
        Positions rope = new Positions.Rope(null);
        return Stream.of(
                Arguments.of(new Extrapolation(rope, new Window.Sliding(5))),
                Arguments.of(new Extrapolation(rope, new Window.LmInfinite(3, 6, 0))),
                Arguments.of(new Extrapolation(rope, new Window.LmInfinite(3, 9, 4))),
                Arguments.of(new Extrapolation(rope, new Window.Sinks(2, 5))),
                Arguments.of(new Extrapolation(rope, new Window.Sinks(4, 3))),
                Arguments.of(new Extrapolation(new Positions.NoPE(), new Window.Full())),
                Arguments.of(new Extrapolation(Positions.Alibi.paper(), new Window.Full())),
                Arguments.of(new Extrapolation(Positions.Alibi.paper(), new Window.Sliding(7))),
                Arguments.of(new Extrapolation(new Positions.Rope(new RopeScaling.Linear(2)), new Window.Full())),
                Arguments.of(new Extrapolation(new Positions.Rope(RopeScaling.Yarn.of(4, 16)), new Window.Sinks(3, 6))),
                Arguments.of(new Extrapolation(new Positions.Rope(RopeScaling.Yarn.of(4, 16)), new Window.LmInfinite(2, 8, 0))));
    }

    @ParameterizedTest
    @MethodSource("methods")
    void logitsMatchTheNaiveReferenceBatchedStreamingAndChunked(Extrapolation method) throws Exception {
        LlamaDecoder decoder = plain.with(method);
        double[][] ref = naive(method, decoder.config());
        double batched = worst(decoder.logits(IDS), ref, 0);
        double streamed = 0;
        double chunked = 0;
        try (KvCache cache = decoder.newCache(4)) { // small: growth and compaction happen
            for (int i = 0; i < IDS.length; i++) {
                streamed = Math.max(streamed, worst(decoder.logits(new int[] {IDS[i]}, cache), ref, i));
                Window.Shape shape = method.window().shape(decoder.config().contextLength());
                assertTrue(cache.length() <= Math.min(i + 1, shape.global() + Math.min(shape.local(), 1L << 20)),
                        "cache holds " + cache.length() + " positions after token " + i);
            }
        }
        try (KvCache cache = decoder.newCache(4)) {
            for (int i = 0; i < IDS.length; i += 3) {
                int[] chunk = Arrays.copyOfRange(IDS, i, Math.min(IDS.length, i + 3));
                chunked = Math.max(chunked, worst(decoder.logits(chunk, cache), ref, i));
            }
        }
        System.out.printf("%s: max |logit diff| vs numpy naive: batched %.2g, token by token %.2g, chunks of 3 %.2g%n",
                method, batched, streamed, chunked);
        assertTrue(batched < 1e-4 && streamed < 1e-4 && chunked < 1e-4,
                method + ": batched " + batched + ", streamed " + streamed + ", chunked " + chunked);
    }

    private static double worst(float[][] ours, double[][] ref, int offset) {
        double w = 0;
        for (int i = 0; i < ours.length; i++) {
            w = Math.max(w, LlamaDecoderNumpyTest.maxAbsDiff(ours[i], ref[offset + i]));
        }
        return w;
    }

    /** The numpy reference's logits for {@code method} over {@link #IDS}. */
    static double[][] naive(Extrapolation method, LlamaConfig c) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        Window.Shape shape = method.window().shape(c.contextLength());
        Map<String, Object> window = new LinkedHashMap<>();
        if (method.window() instanceof Window.Full) {
            window.put("kind", "full");
        } else if (method.window() instanceof Window.Sliding s) {
            window.put("kind", "sliding");
            window.put("size", s.size());
        } else if (method.window() instanceof Window.LmInfinite) {
            window.put("kind", "lminfinite");
            window.put("global", shape.global());
            window.put("local", shape.local());
            window.put("cap", shape.cap());
        } else if (method.window() instanceof Window.Sinks s) {
            window.put("kind", "sinks");
            window.put("start", s.start());
            window.put("recent", s.recent());
        }
        spec.put("window", window);
        if (method.positions() instanceof Positions.Rope r) {
            spec.put("positions", "rope");
            RopeScaling scaling = r.scaling() == null ? new RopeScaling.Default() : r.scaling();
            RopeFrequencies f = scaling.frequencies(new RopeGeometry(c.headDim(), c.ropeTheta(), 1.0, c.contextLength()));
            spec.put("inv_freq", f.invFreq());
            spec.put("attention_factor", f.attentionFactor());
        } else if (method.positions() instanceof Positions.Alibi a) {
            spec.put("positions", "alibi");
            spec.put("slopes", a.slopes(c.heads()));
        } else {
            spec.put("positions", "nope");
        }
        Path specFile = Files.createTempFile(dir, "spec", ".json");
        Files.writeString(specFile, new Gson().toJson(spec));
        Path out = Files.createTempFile(dir, "logits", ".f64");
        List<String> args = new ArrayList<>(List.of(dir.toString(), "method", out.toString(), specFile.toString()));
        Arrays.stream(IDS).forEach(i -> args.add(Integer.toString(i)));
        PythonReference.run(SmolLm2Fixture.script("numpy_llama.py"), args.toArray(String[]::new));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        double[][] logits = new double[IDS.length][c.vocabSize()];
        for (double[] row : logits) {
            for (int j = 0; j < row.length; j++) {
                row[j] = b.getDouble();
            }
        }
        return logits;
    }
}

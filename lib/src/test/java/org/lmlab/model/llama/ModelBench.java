package org.lmlab.model.llama;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.lmlab.model.BatchGenerator;
import org.lmlab.model.Generator;
import org.lmlab.model.SamplingOptions;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.engine.Precision;
import org.lmlab.model.gguf.GgufTensorSource;

/**
 * Prefill and decode speed of lmlab's decoder on a SmolLM2-135M GGUF, printed as one JSON line;
 * run by bench/model_bench.py beside llama.cpp (each engine in its own process, so peak RSS is its
 * own).
 *
 * <pre>ModelBench GGUF PROMPT_TOKENS DECODE_TOKENS REPEATS THREADS f32|f16 BATCH [native|products|engine]</pre>
 *
 * The last argument picks the decode step's native code: whole layers and the weight products in
 * lmlab's native kernel where it loads (default), only the weight products ({@code products}, the
 * engine's operations around them), or none ({@code engine}: PyTorch's products).
 *
 * BATCH 1: {@link Generator#generate} greedy on a prompt of PROMPT_TOKENS random ids; prefill =
 * seconds to the first token, decode = tokens per second from the first to the last. BATCH b:
 * {@link BatchGenerator#generate} with b such prompts (different ids), greedy, all admitted in the
 * first step; decode = aggregate tokens per second of all sequences from the end of that step to
 * the last token. Best of REPEATS after one warm-up round; PyTorch runs THREADS intra-op threads.
 */
public final class ModelBench {

    private ModelBench() {}

    public static void main(String[] args) throws Exception {
        Path gguf = Path.of(args[0]);
        int promptTokens = Integer.parseInt(args[1]);
        int decodeTokens = Integer.parseInt(args[2]);
        int repeats = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        Precision precision = Precision.valueOf(args[5].toUpperCase(Locale.ROOT));
        int batch = Integer.parseInt(args[6]);
        String natives = args.length <= 7 ? "native" : args[7];
        boolean nativeProducts = !natives.equals("engine"); // "engine": PyTorch's products
        boolean nativeLayers = natives.equals("native"); // "products": the engine's operations around them
        Random random = new Random(1);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            prompts.add(random.ints(promptTokens, 100, 49000).toArray());
        }
        long t0 = System.nanoTime();
        LlamaDecoder decoder;
        try (GgufTensorSource source = GgufTensorSource.open(gguf)) {
            decoder = LlamaDecoder.load(source, Device.cpu(),
                    DecoderOptions.defaults().withPrecision(precision).withDecodeThreads(threads)
                            .withNativeProducts(nativeProducts).withNativeLayers(nativeLayers));
        }
        double load = (System.nanoTime() - t0) / 1e9;
        boolean usedNative = decoder.nativeProducts();
        boolean usedLayers = decoder.nativeLayers();
        double[] best = {0, 0};
        try (decoder) {
            for (int r = 0; r < repeats + 1; r++) { // the first round warms up
                double[] t = DjlRuntime.withIntraOpThreads(threads, () -> batch == 1
                        ? single(decoder, prompts.get(0), decodeTokens)
                        : batched(decoder, prompts, decodeTokens));
                if (r > 0) {
                    best[0] = Math.max(best[0], t[0]);
                    best[1] = Math.max(best[1], t[1]);
                }
            }
        }
        System.out.printf(Locale.ROOT,
                "{\"engine\":\"lmlab\",\"native_products\":%b,\"native_layers\":%b,\"batch\":%d,\"load_s\":%.2f,\"prefill_tok_s\":%.1f,\"decode_tok_s\":%.2f,"
                        + "\"peak_rss_mib\":%.0f}%n",
                usedNative, usedLayers, batch, load, best[0], best[1], peakRssMiB());
    }

    /** {prefill tokens/s, decode tokens/s} of one greedy generation. */
    private static double[] single(LlamaDecoder decoder, int[] prompt, int decodeTokens) {
        long[] at = new long[decodeTokens + 1];
        int[] n = {0};
        long start = System.nanoTime();
        Generator.generate(decoder, prompt, decodeTokens + 1, SamplingOptions.greedy(), Set.of(),
                id -> at[n[0]++] = System.nanoTime());
        return new double[] {prompt.length / ((at[0] - start) / 1e9), decodeTokens / ((at[decodeTokens] - at[0]) / 1e9)};
    }

    /** {prefill tokens/s of the first step (every prompt), aggregate decode tokens/s after it}. */
    private static double[] batched(LlamaDecoder decoder, List<int[]> prompts, int decodeTokens) {
        List<BatchGenerator.Request> requests = new ArrayList<>();
        for (int[] p : prompts) {
            requests.add(new BatchGenerator.Request(p, decodeTokens + 1, SamplingOptions.greedy(), Set.of()));
        }
        int b = prompts.size();
        long[] firstStep = {0};
        long[] last = {0};
        int[] chosen = {0};
        long start = System.nanoTime();
        BatchGenerator.generate(decoder, requests, b, new BatchGenerator.Listener() {
            @Override
            public void token(int request, int token) {
                last[0] = System.nanoTime();
                if (++chosen[0] == b) {
                    firstStep[0] = last[0];
                }
            }
        });
        double prefill = (double) b * prompts.get(0).length / ((firstStep[0] - start) / 1e9);
        return new double[] {prefill, (double) b * decodeTokens / ((last[0] - firstStep[0]) / 1e9)};
    }

    /** VmHWM of this process (Linux), in MiB. */
    private static double peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}

package org.lmlab.model.llama;

import ai.djl.Device;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.lmlab.model.TokenSampler;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.engine.Precision;
import org.lmlab.model.gguf.GgufTensorSource;

/**
 * Where a decode step's time goes: milliseconds per generated token and the Java objects one
 * step creates (engine arrays = DJL operations, index objects), counted exactly from class
 * histograms when the JVM runs without a collector ({@code -XX:+UseEpsilonGC}).
 *
 * <pre>DecodeProfile GGUF PROMPT STEPS THREADS BATCH [f32|f16 [TRACE.json]]</pre>
 *
 * With TRACE.json the timed steps also run under PyTorch's profiler, which writes a Chrome trace
 * of every engine operation there (bench/decode_profile.py sums it by operation). With
 * {@code -Dlmlab.products=engine} the weight products are PyTorch's instead of the native kernel's;
 * with {@code -Dlmlab.products=products} only the products are native, the rest of each layer the
 * engine's operations (default: whole layers native, {@link NativeDecodeStep}).
 */
public final class DecodeProfile {

    private DecodeProfile() {}

    public static void main(String[] args) throws Exception {
        Path gguf = Path.of(args[0]);
        int promptLength = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        LlamaDecoder decoder;
        try (GgufTensorSource source = GgufTensorSource.open(gguf)) {
            decoder = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults().withDecodeThreads(threads)
                    .withPrecision(args.length > 5 ? Precision.valueOf(args[5].toUpperCase(Locale.ROOT)) : Precision.F32)
                    .withNativeProducts(!"engine".equals(System.getProperty("lmlab.products")))
                    .withNativeLayers(!"products".equals(System.getProperty("lmlab.products"))));
        }
        DjlRuntime.withIntraOpThreads(threads, () -> {
            run(decoder, promptLength, steps, batch, args.length > 6 ? args[6] : null);
            return null;
        });
        decoder.close();
    }

    private static void run(LlamaDecoder decoder, int promptLength, int steps, int batch, String trace) {
        List<KvCache> caches = new ArrayList<>();
        List<int[]> next = new ArrayList<>();
        Random random = new Random(1);
        for (int b = 0; b < batch; b++) {
            caches.add(decoder.newCache(promptLength + 2 * steps + 2));
            next.add(random.ints(promptLength, 100, 49000).toArray());
        }
        step(decoder, next, caches); // prompt
        step(decoder, next, caches); // warm-up
        Map<String, Long> before = histogram();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (trace != null) {
            ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
        }
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step(decoder, next, caches);
        }
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        if (trace != null) {
            ai.djl.pytorch.jni.JniUtils.stopProfile(trace);
        }
        Map<String, Long> after = histogram();
        double ms = (t1 - t0) / 1e6 / steps;
        System.out.printf(Locale.ROOT, "batch %d: %.2f ms per step (this thread's CPU %.2f ms), %.1f tok/s aggregate%n",
                batch, ms, (c1 - c0) / 1e6 / steps, 1000.0 * batch / ms);
        for (String cls : List.of("ai.djl.pytorch.engine.PtNDArray", "ai.djl.ndarray.index.NDIndex",
                "ai.djl.ndarray.types.Shape")) {
            if (!before.isEmpty()) {
                System.out.printf(Locale.ROOT, "  %s per step: %.1f%n", cls,
                        (after.getOrDefault(cls, 0L) - before.getOrDefault(cls, 0L)) / (double) steps);
            }
        }
        caches.forEach(KvCache::close);
    }

    private static void step(LlamaDecoder decoder, List<int[]> next, List<KvCache> caches) {
        float[][] logits;
        if (next.get(0).length > 1) {
            logits = new float[next.size()][];
            for (int b = 0; b < logits.length; b++) {
                logits[b] = decoder.nextLogits(next.get(b), caches.get(b));
            }
        } else if (next.size() == 1) {
            logits = new float[][] {decoder.nextLogits(next.get(0), caches.get(0))};
        } else {
            int[] tokens = new int[next.size()];
            for (int b = 0; b < tokens.length; b++) {
                tokens[b] = next.get(b)[0];
            }
            logits = decoder.decode(tokens, caches);
        }
        for (int b = 0; b < logits.length; b++) {
            next.set(b, new int[] {TokenSampler.argmax(logits[b])});
        }
    }

    /** Instances per class name now (empty unless running with Epsilon, where nothing is collected). */
    private static Map<String, Long> histogram() {
        Map<String, Long> out = new HashMap<>();
        if (!java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseEpsilonGC")) {
            return out;
        }
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram", "-all")
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 4 && f[0].endsWith(":")) {
                        out.put(f[3], Long.parseLong(f[1]));
                    }
                }
            }
            p.waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}

package org.lmlab.model.llama;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.gguf.GgufTensorSource;

/**
 * Streaming speed and peak memory of one attention method on SmolLM2-135M at one length, printed
 * as one JSON line; run by bench/extrapolation_bench.py once per (method, length) in its own JVM,
 * so the peak RSS is that run's.
 *
 * <pre>ExtrapolationBench GGUF METHOD LENGTH CHUNK
 *   METHOD: a sweep method spec (MethodSpec): none | sliding:W | lminfinite:GLOBAL+LOCAL | sinks:START+RECENT</pre>
 *
 * The input (LENGTH random ids) runs in chunks of CHUNK tokens through one cache, scoring every
 * token (log-softmax of its target), as streaming perplexity does. Reports tokens/s over the
 * whole input and milliseconds per token over its first and last quarter: a windowed method's
 * must stay flat as the input grows; full attention's grows with the keys each token reads.
 */
public final class ExtrapolationBench {

    private ExtrapolationBench() {}

    public static void main(String[] args) throws Exception {
        Path gguf = Path.of(args[0]);
        String spec = args[1];
        int length = Integer.parseInt(args[2]);
        int chunk = Integer.parseInt(args[3]);
        int[] ids = new java.util.Random(1).ints(length, 100, 49000).toArray();
        try (GgufTensorSource source = GgufTensorSource.open(gguf);
                LlamaDecoder loaded = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults())) {
            LlamaDecoder decoder = loaded.with(MethodSpec.parse(spec, loaded.config().contextLength()).method());
            long[] chunkNanos = new long[(length + chunk - 1) / chunk];
            long started = System.nanoTime();
            try (KvCache cache = decoder.newCache(Math.min(length, 4 * chunk))) {
                for (int c = 0; c < chunkNanos.length; c++) {
                    long t0 = System.nanoTime();
                    int from = c * chunk;
                    int to = Math.min(length, from + chunk);
                    int[] input = Arrays.copyOfRange(ids, from, to);
                    int[] targets = new int[input.length];
                    for (int i = from; i < to; i++) {
                        targets[i - from] = i + 1 < length ? ids[i + 1] : -1;
                    }
                    decoder.targetLogProbs(input, targets, cache);
                    chunkNanos[c] = System.nanoTime() - t0;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int quarter = Math.max(1, chunkNanos.length / 4);
            double first = Arrays.stream(chunkNanos, 0, quarter).sum() / 1e6 / ((double) quarter * chunk);
            double last = Arrays.stream(chunkNanos, chunkNanos.length - quarter, chunkNanos.length).sum() / 1e6
                    / ((double) quarter * chunk);
            System.out.printf(Locale.ROOT, "{\"method\":\"%s\",\"length\":%d,\"chunk\":%d,\"tok_s\":%.1f,"
                    + "\"ms_per_token_first_quarter\":%.3f,\"ms_per_token_last_quarter\":%.3f,\"peak_rss_mib\":%.0f}%n",
                    spec, length, chunk, length / seconds, first, last, peakRssMiB());
        }
    }

    /** The process's peak resident set (VmHWM), MiB. */
    static double peakRssMiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}

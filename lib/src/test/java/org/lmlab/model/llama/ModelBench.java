package org.lmlab.model.llama;

import ai.djl.Device;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.lmlab.model.TokenSampler;
import org.lmlab.model.safetensors.SafetensorsTensorSource;

/**
 * Prefill and decode speed of one engine on SmolLM2-135M, printed as one JSON line; run by
 * bench/model_bench.sh once per engine (separate JVMs, so peak RSS is per engine).
 *
 * <pre>ModelBench ours SAFETENSORS_DIR PROMPT_TOKENS DECODE_TOKENS REPEATS
 * ModelBench llamacpp GGUF PROMPT_TOKENS DECODE_TOKENS REPEATS</pre>
 *
 * Prefill: seconds to run a prompt of PROMPT_TOKENS random ids and produce the next token's
 * logits (llama.cpp: until its first streamed token). Decode: seconds per token over
 * DECODE_TOKENS greedy steps after that (llama.cpp: between its first and last streamed token).
 * Best of REPEATS for both.
 */
public final class ModelBench {

  private ModelBench() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    Path model = Path.of(args[1]);
    int promptTokens = Integer.parseInt(args[2]);
    int decodeTokens = Integer.parseInt(args[3]);
    int repeats = Integer.parseInt(args[4]);
    int[] prompt = new Random(1).ints(promptTokens, 100, 49000).toArray();
    double[] result = engine.equals("ours")
        ? ours(model, prompt, decodeTokens, repeats)
        : llamaCpp(model, prompt, decodeTokens, repeats);
    System.out.printf(Locale.ROOT,
        "{\"engine\":\"%s\",\"load_s\":%.2f,\"prefill_tok_s\":%.1f,\"decode_tok_s\":%.1f,\"peak_rss_mib\":%.0f}%n",
        engine, result[0], promptTokens / result[1], 1 / result[2], peakRssMiB());
    // de.kherud:llama leaves non-daemon server threads running after its model is closed, which
    // kept the JVM (and bench/model_bench.py, which waits for it) alive.
    System.exit(0);
  }

  /** {load seconds, best prefill seconds, best decode seconds per token}. */
  static double[] ours(Path dir, int[] prompt, int decodeTokens, int repeats) {
    long t0 = System.nanoTime();
    LlamaDecoder decoder;
    try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir)) {
      decoder = LlamaDecoder.load(source, Device.cpu());
    }
    double load = (System.nanoTime() - t0) / 1e9;
    double prefill = Double.MAX_VALUE;
    double decode = Double.MAX_VALUE;
    try (decoder) {
      for (int r = 0; r < repeats + 1; r++) { // the first round warms up
        try (KvCache cache = decoder.newCache(prompt.length + decodeTokens)) {
          long a = System.nanoTime();
          float[] logits = decoder.nextLogits(prompt, cache);
          long b = System.nanoTime();
          for (int i = 0; i < decodeTokens; i++) {
            logits = decoder.nextLogits(new int[] {TokenSampler.argmax(logits)}, cache);
          }
          long c = System.nanoTime();
          if (r > 0) {
            prefill = Math.min(prefill, (b - a) / 1e9);
            decode = Math.min(decode, (c - b) / 1e9 / decodeTokens);
          }
        }
      }
    }
    return new double[] {load, prefill, decode};
  }

  static double[] llamaCpp(Path gguf, int[] prompt, int decodeTokens, int repeats) {
    org.lmlab.reference.LlamaCppNatives.prepare();
    LlamaModel.setLogger(null, (level, message) -> {});
    long t0 = System.nanoTime();
    try (LlamaModel model = new LlamaModel(new ModelParameters().setModel(gguf.toString())
        .setCtxSize(prompt.length + decodeTokens + 16).setThreads(2).setThreadsBatch(2)
        .setGpuLayers(0))) {
      double load = (System.nanoTime() - t0) / 1e9;
      double prefill = Double.MAX_VALUE;
      double decode = Double.MAX_VALUE;
      for (int r = 0; r < repeats + 1; r++) {
        double[] t = time(model, prompt, decodeTokens + 1);
        if (r > 0) {
          prefill = Math.min(prefill, t[0]);
          decode = Math.min(decode, t[1] / decodeTokens);
        }
      }
      return new double[] {load, prefill, decode};
    }
  }

  /** {seconds to the first streamed token, seconds from the first to the last}. */
  private static double[] time(LlamaModel model, int[] prompt, int n) {
    InferenceParameters p = new InferenceParameters("").setNPredict(n).setTemperature(0)
        .setIgnoreEos(true).setCachePrompt(false);
    LlamaCpp.setRaw(p, "prompt", LlamaCpp.idsJson(prompt));
    long start = System.nanoTime();
    long first = 0;
    long last = 0;
    for (LlamaOutput ignored : model.generate(p)) {
      last = System.nanoTime();
      if (first == 0) {
        first = last;
      }
    }
    return new double[] {(first - start) / 1e9, (last - first) / 1e9};
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

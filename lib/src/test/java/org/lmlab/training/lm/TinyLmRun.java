package org.lmlab.training.lm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.Perplexity;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.progress.Progress;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.TransformerConfig;
import org.lmlab.training.position.PositionEncoding;

/**
 * The tiny language model of docs/training.md, reproducibly: trains it on a text (as {@code %train lm}
 * does), then loads the checkpoint with the inference engine and prints the held-out perplexity
 * per byte at several lengths under several methods, one line each.
 *
 * <pre>TinyLmRun TEXT OUT STEPS BATCH LR DIM LAYERS HEADS CONTEXT ENCODING SEED [METHODS] [LENGTHS]
 *   METHODS: sweep method specs joined by ',' (default none,lminfinite:4+124,sinks:4+124)
 *   LENGTHS: evaluation windows joined by ',' (default 128,256,512,1024)</pre>
 *
 * Perplexity: disjoint windows of each length (stride = length) over the held-out last 10 % of the text.
 * {@code -Dthreads=N} trains with N intra-op threads (default: the engine's).
 */
public final class TinyLmRun {

    private TinyLmRun() {
    }

    public static void main(String[] args) throws Exception {
        Path text = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int steps = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        double lr = Double.parseDouble(args[4]);
        TransformerConfig config = TransformerConfig.of(256, Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                Integer.parseInt(args[7]), Integer.parseInt(args[8]), PositionEncoding.parse(args[9]));
        long seed = Long.parseLong(args[10]);
        List<String> methods = Arrays.asList((args.length > 11 ? args[11] : "none,lminfinite:4+124,sinks:4+124").split(","));
        int[] lengths = Arrays.stream((args.length > 12 ? args[12] : "128,256,512,1024").split(","))
                .mapToInt(Integer::parseInt).toArray();
        if (steps > 0) {
            LmResult r = LmTraining.run(new LmRequest(text, config, TrainingSettings.of(steps, lr), batch, seed, 0.1, out,
                    Integer.getInteger("threads", 0)),
                    new PrintProgress());
            System.out.println(r.describe());
            double[] losses = r.training().losses();
            for (int s = 0; s < losses.length; s += Math.max(1, losses.length / 20)) {
                System.out.printf(Locale.ROOT, "step %5d  loss %.4f%n", s + 1, losses[s]);
            }
        }
        String all = Files.readString(text, StandardCharsets.UTF_8);
        byte[] bytes = all.getBytes(StandardCharsets.UTF_8);
        int cut = (int) Math.round(bytes.length * 0.9);
        String heldOut = new String(bytes, cut, bytes.length - cut, StandardCharsets.UTF_8);
        int longest = Arrays.stream(lengths).max().orElse(config.context());
        try (LanguageModel model = LanguageModel.load(out.toString(), "cpu", longest, Progress.NONE)) {
            for (String spec : methods) {
                LanguageModel view = model.with(MethodSpec.parse(spec, config.context()).method());
                for (int length : lengths) {
                    try {
                        long t0 = System.nanoTime();
                        Perplexity p = view.perplexity(heldOut, length, length);
                        System.out.printf(Locale.ROOT, "{\"method\":\"%s\",\"length\":%d,\"ppl\":%.4f,\"nll\":%.5f,"
                                + "\"tokens\":%d,\"seconds\":%.1f}%n", spec, length, p.value(), p.meanNll(), p.tokens(),
                                (System.nanoTime() - t0) / 1e9);
                    } catch (IllegalArgumentException e) {
                        System.out.printf(Locale.ROOT, "{\"method\":\"%s\",\"length\":%d,\"skipped\":\"%s\"}%n", spec,
                                length, e.getMessage().replace('"', '\''));
                    }
                }
            }
        }
    }

    /** Prints the bar's label every 50 steps. */
    private static final class PrintProgress implements Progress {
        private long done;
        private String note = "";
        private long started;

        @Override
        public void start(long total, String label) {
            done = 0;
            started = System.nanoTime();
            System.out.println(label);
        }

        @Override
        public void note(String text) {
            note = text;
        }

        @Override
        public void step(long units) {
            done += units;
            if (done % 50 == 0) {
                System.out.printf(Locale.ROOT, "  %d  %s  %.1f s%n", done, note, (System.nanoTime() - started) / 1e9);
            }
        }

        @Override
        public void done() {
        }
    }
}

package org.lmlab.training.lm;

import ai.djl.ndarray.types.DataType;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.lmlab.model.TextFile;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.tokenizer.ByteVocabulary;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.training.Batch;
import org.lmlab.training.Trainer;
import org.lmlab.training.TrainingResult;
import org.lmlab.training.Transformer;
import org.lmlab.training.checkpoint.Checkpoint;

/**
 * Trains a byte-level language model on a text file ({@code %train lm}): the text's UTF-8 bytes
 * are the tokens (vocabulary 256), its last share is held out, the model trains on random windows
 * of the context, and the directory written at the end (also after a divergence or a stop, with
 * the parameters kept) is a checkpoint {@code %model load} reads: config.json, model.safetensors,
 * tokenizer.json, plus training.json with the settings and the loss of every step.
 */
public final class LmTraining {

    /** Held-out windows scored at most (enough for a stable figure, seconds on 2 cores). */
    static final int HELD_OUT_WINDOWS = 256;

    private LmTraining() {
    }

    /**
     * @throws IllegalArgumentException for an unreadable or too short text, before anything is trained
     */
    public static LmResult run(LmRequest request, Progress progress) {
        return DjlRuntime.withIntraOpThreads(request.threads(), () -> train(request, progress));
    }

    private static LmResult train(LmRequest request, Progress progress) {
        int[] ids = tokens(request.text());
        int context = request.model().context();
        int cut = (int) Math.round(ids.length * (1 - request.heldOut()));
        int[] train = Arrays.copyOfRange(ids, 0, cut);
        int[] heldOut = Arrays.copyOfRange(ids, cut, ids.length);
        if (train.length < context + 2 || heldOut.length < context + 1) {
            throw new IllegalArgumentException(request.text() + " has " + ids.length + " bytes: too short for windows of "
                    + context + " in training and in the held-out " + Math.round(100 * request.heldOut()) + " %");
        }
        if (Files.exists(request.out()) && !Files.isDirectory(request.out())) {
            throw new IllegalArgumentException(request.out() + " is a file; --out needs a directory (it is created)");
        }
        try (Transformer model = Transformer.initialize(request.model(), request.seed(), DataType.FLOAT32)) {
            TrainingResult result = Trainer.train(model, new TextBatches(train, context, request.batch(), request.seed()),
                    request.settings(), progress);
            Batch eval = new TextBatches(heldOut, context, 1, 0).consecutive(HELD_OUT_WINDOWS);
            double loss = Cancellation.requested() ? Double.NaN : heldOutLoss(model, eval, request.batch());
            Checkpoint.write(model, request.out());
            ByteVocabulary.writeTokenizerJson(request.out().resolve("tokenizer.json"));
            LmResult lm = new LmResult(request.model(), model.parameterCount(), result, loss, eval.scoredCount(),
                    request.out());
            writeLog(request, lm);
            return lm;
        }
    }

    private static int[] tokens(Path text) {
        try {
            return ByteVocabulary.encode(TextFile.read(text, StandardCharsets.UTF_8));
        } catch (TextFile.Problem e) {
            throw new IllegalArgumentException("--text " + e.getMessage(), e);
        }
    }

    /** Mean loss over the windows of {@code eval}, run {@code rows} at a time (all windows are full). */
    static double heldOutLoss(Transformer model, Batch eval, int rows) {
        double sum = 0;
        int windows = eval.size();
        for (int from = 0; from < windows; from += rows) {
            int to = Math.min(windows, from + rows);
            Batch part = new Batch(Arrays.copyOfRange(eval.inputs(), from, to), Arrays.copyOfRange(eval.targets(), from, to),
                    Arrays.copyOfRange(eval.lengths(), from, to));
            sum += model.evaluate(part) * (to - from);
        }
        return sum / windows;
    }

    private static void writeLog(LmRequest request, LmResult lm) {
        JsonObject o = new JsonObject();
        TrainingResult t = lm.training();
        o.addProperty("text", request.text().toString());
        o.addProperty("seed", request.seed());
        o.addProperty("batch", request.batch());
        o.addProperty("held_out_share", request.heldOut());
        o.addProperty("threads", DjlRuntime.intraOpThreads());
        o.add("settings", new GsonBuilder().create().toJsonTree(request.settings()));
        o.addProperty("status", t.status().name().toLowerCase(Locale.ROOT));
        o.addProperty("message", t.message());
        o.addProperty("steps", t.steps());
        o.addProperty("seconds", t.seconds());
        o.addProperty("steps_per_second", t.stepsPerSecond());
        o.addProperty("parameters", lm.parameters());
        if (Double.isFinite(lm.heldOutLoss())) {
            o.addProperty("held_out_loss", lm.heldOutLoss());
            o.addProperty("held_out_bytes", lm.heldOutTokens());
        }
        JsonArray losses = new JsonArray();
        for (double l : t.losses()) {
            losses.add(l);
        }
        o.add("losses", losses);
        try {
            Files.writeString(request.out().resolve("training.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + request.out().resolve("training.json"), e);
        }
    }
}

package org.lmlab.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.reference.PythonReference;
import org.lmlab.training.checkpoint.Checkpoint;
import org.lmlab.training.position.PositionEncoding;

/**
 * The trainer's forward pass (logits and loss, with padding and unscored targets) against a float64
 * numpy forward written from the papers' definitions (numpy_transformer.py: ALiBi slopes by the
 * paper's get_slopes, T5 buckets by T5's relative_position_bucket, sinusoids by Vaswani et al.,
 * rotate-half RoPE), for every encoding; untied output projection for the learned ones.
 */
class TransformerNumpyTest {

    @TempDir
    Path dir;

    @Test
    void forwardPassMatchesNumpyForEveryEncoding() throws Exception {
        String script;
        try (InputStream in = TransformerNumpyTest.class.getResourceAsStream("numpy_transformer.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Batch batch = TinyModels.paddedBatch();
        Path batchFile = dir.resolve("batch.json");
        Files.writeString(batchFile, new Gson().toJson(Map.of("inputs", batch.inputs(), "targets", batch.targets(),
                "lengths", batch.lengths())));
        StringBuilder report = new StringBuilder();
        for (PositionEncoding encoding : TinyModels.encodings()) {
            Path checkpoint = dir.resolve(encoding.name());
            TransformerConfig config = TinyModels.config(encoding, 2).withTiedEmbeddings(encoding.name().length() % 2 == 0);
            try (Transformer written = Transformer.of(config, DataType.FLOAT64, TinyModels.wide(config, 11))) {
                Checkpoint.write(written, checkpoint);
            }
            JsonObject ref = JsonParser.parseString(PythonReference.run(script, checkpoint.toString(),
                    batchFile.toString())).getAsJsonObject();
            // the checkpoint holds F32 values; read back in float64 both sides compute with the same numbers
            try (Transformer model = Checkpoint.read(checkpoint, DataType.FLOAT64); NDScope scope = new NDScope()) {
                double loss = model.evaluate(batch);
                double[] logits = model.logits(batch).toDoubleArray();
                double[][][] expected = new Gson().fromJson(ref.get("logits"), double[][][].class);
                double worst = 0;
                int v = config.vocabSize();
                for (int b = 0; b < batch.size(); b++) {
                    for (int t = 0; t < batch.lengths()[b]; t++) {
                        for (int k = 0; k < v; k++) {
                            worst = Math.max(worst, Math.abs(logits[(b * batch.time() + t) * v + k] - expected[b][t][k]));
                        }
                    }
                }
                double lossDiff = Math.abs(loss - ref.get("loss").getAsDouble());
                report.append(String.format(Locale.ROOT, "%-10s loss %.6f, |loss - numpy| %.1e, max |logit - numpy| "
                        + "%.1e%n", encoding.name(), loss, lossDiff, worst));
                assertTrue(worst < 1e-10 && lossDiff < 1e-10, encoding.name() + ": " + worst + ", " + lossDiff);
            }
        }
        System.out.print(report);
    }
}

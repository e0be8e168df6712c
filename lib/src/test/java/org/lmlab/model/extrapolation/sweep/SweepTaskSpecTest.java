package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.extrapolation.passkey.NeedleTask;
import org.lmlab.reference.PythonReference;

/**
 * Task specs survive Java serialization unchanged and build the task the magic builds directly: equal definitions
 * (the definition holds the text's SHA-256 and every protocol option, and is part of the grid's fingerprint).
 */
class SweepTaskSpecTest {

    static final Path TEXT = PythonReference.root().resolve("datasets/text/tinyshakespeare-excerpt.txt");

    @TempDir
    Path dir;

    @Test
    void eachSpecRoundTripsAndBuildsTheTaskBuiltDirectly() throws Exception {
        Path docs = dir.resolve("docs.jsonl");
        Files.writeString(docs, "{\"text\": \"one document\"}\n{\"body\": 1, \"text\": \"another one\"}\n");
        String text = Files.readString(TEXT);
        List<SweepTaskSpec> specs = List.of(
                PerplexitySpec.file(TEXT, StandardCharsets.UTF_8, 64, 0, 32),
                PerplexitySpec.text("--text", "a short inline text", 0, 0, 0),
                PerplexitySpec.documents(docs, "text", StandardCharsets.UTF_8, 16),
                RetrievalSpec.passkey(),
                RetrievalSpec.needle(NeedleTask.multiKey()));
        List<SweepTask> direct = List.of(
                new PerplexityTask(TEXT.getFileName().toString(), text, 64, 0, 32),
                new PerplexityTask("--text", "a short inline text", 0, 0, 0),
                PerplexityTask.documents(Documents.read(docs, "text", StandardCharsets.UTF_8), 16),
                RetrievalTask.passkey(),
                RetrievalTask.needle(NeedleTask.multiKey()));
        for (int i = 0; i < specs.size(); i++) {
            SweepTaskSpec copy = roundTrip(specs.get(i));
            assertEquals(specs.get(i), copy);
            assertEquals(direct.get(i).definition(), copy.build(UnaryOperator.identity()).definition());
            assertEquals(direct.get(i).columns(), copy.build(UnaryOperator.identity()).columns());
        }
        assertEquals(List.of(TEXT.toAbsolutePath()), specs.get(0).files());
        assertEquals(List.of(), specs.get(1).files());
        // A file read from elsewhere (an executor's copy) gives the same task when its bytes are the same.
        Path copy = Files.copy(TEXT, Files.createDirectories(dir.resolve("copy")).resolve(TEXT.getFileName()));
        assertEquals(direct.get(0).definition(), specs.get(0).build(p -> copy).definition());
    }

    private static SweepTaskSpec roundTrip(SweepTaskSpec spec) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SweepTaskSpec) in.readObject();
        }
    }
}

package org.lmlab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;

/** The bundled SmolLM2's record: its files' SHA-256 against hashlib, the active method, hashing once. */
class ModelProvenanceTest {

    /** hashlib of the model file, or of each file of a model directory, by absolute path. */
    private static final String HASHLIB = """
            import hashlib, json, os, sys
            p = sys.argv[1]
            files = [p] if os.path.isfile(p) else sorted(os.path.join(p, f) for f in os.listdir(p)
                                                         if os.path.isfile(os.path.join(p, f)))
            print(json.dumps({f: hashlib.sha256(open(f, 'rb').read()).hexdigest() for f in files}))
            """;

    @Test
    void modelFilesAndMethodAreRecordedAndHashedOnce() throws Exception {
        FileHashes hashes = new FileHashes(FileHashes.PROGRESS_BYTES);
        ProvenanceRecorder recorder = new ProvenanceRecorder(hashes);
        try (LanguageModel model = LanguageModel.load("smollm2-135m", "cpu", Progress.NONE)) {
            recorder.model(model);
            long t0 = System.nanoTime();
            Provenance first = recorder.snapshot(Progress.NONE);
            long firstNanos = System.nanoTime() - t0;
            ModelInfo info = first.model();
            Map<String, String> expected = new Gson().fromJson(PythonReference.run(HASHLIB, info.path()),
                    new TypeToken<Map<String, String>>() { }.getType());
            assertEquals(expected.size(), info.files().size());
            for (FileHash f : info.files()) {
                assertEquals(expected.get(f.path()), f.sha256(), f.path());
            }
            assertEquals(model.method().toString(), info.extrapolation());
            assertEquals(model.name(), info.name());
            long reads = hashes.reads();

            model.use(Extrapolation.rope(new org.lmlab.model.rope.RopeScaling.Linear(2.0)));
            t0 = System.nanoTime();
            Provenance second = recorder.snapshot(Progress.NONE);
            long secondNanos = System.nanoTime() - t0;
            assertEquals(reads, hashes.reads(), "no file read again");
            assertEquals(model.method().toString(), second.model().extrapolation());
            assertNotEquals(info.extrapolation(), second.model().extrapolation());
            assertEquals(info.files(), second.model().files());
            System.out.printf("model record: first %.1f ms (hashing %d files), cached %.2f ms%n", firstNanos / 1e6,
                    info.files().size(), secondNanos / 1e6);
            // Loading started the engine: its version is the one the build pins (pom.xml pytorch.version).
            java.util.regex.Matcher pinned = java.util.regex.Pattern.compile("<pytorch.version>([^<]+)<")
                    .matcher(java.nio.file.Files.readString(PythonReference.root().resolve("pom.xml")));
            assertTrue(pinned.find());
            assertEquals(pinned.group(1), first.libraries().get("pytorch"));
        }
    }
}

package org.lmlab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.Table;

/** The provenance record: its fields, its JSON, and what a session recorder puts in it. */
class ProvenanceTest {

    @TempDir
    Path dir;

    @Test
    void jsonRoundTripKeepsEveryField() {
        Provenance p = Provenance.builder().command("%lengths compare --seed 3")
                .datasets(List.of(new FileHash("/d/a.csv", 12, "ab".repeat(32))))
                .model(new ModelInfo("smollm2-135m", "/m", List.of(new FileHash("/m/model.safetensors", 5, "cd".repeat(32))),
                        "rope yarn, full attention"))
                .seeds(Map.of("%lengths compare --seed", 3L)).parameters(Map.of("lr", "0.01"))
                .start(Instant.parse("2026-01-02T03:04:05Z")).end(Instant.parse("2026-01-02T03:04:06.5Z"))
                .library("pytorch", "2.7.1").build();
        Provenance back = Provenance.fromJson(p.toJson());
        assertEquals(p, back);
        assertEquals("2026-01-02T03:04:05Z", back.start());
        assertEquals("2026-01-02T03:04:06.500Z", back.end());
        assertEquals("2.7.1", back.libraries().get("pytorch"));
        assertTrue(p.toJson().indexOf('\n') < 0, "stored compactly, one line");
        assertEquals(p, Provenance.fromJson(p.toPrettyJson()));
        Exception bad = assertThrows(IllegalArgumentException.class, () -> Provenance.fromJson("{\"x\": 1}"));
        assertTrue(bad.getMessage().startsWith("not an lmlab provenance record"), bad.getMessage());
    }

    @Test
    void versionsAndMachineDescribeThisProcess() throws Exception {
        Provenance p = Provenance.builder().build();
        assertTrue(p.libraries().get("java").startsWith(System.getProperty("java.version") + " ("));
        // Outside references: the project's pom and git itself (run from Python).
        String pom = Files.readString(PythonReference.root().resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>lmlab-parent</artifactId>\n  <version>" + p.lmlabVersion() + "</version>"),
                p.lmlabVersion());
        String git = PythonReference.run("import subprocess, sys\nprint(subprocess.run(['git', '-C', sys.argv[1], "
                + "'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip())",
                PythonReference.root().toString()).trim();
        assertEquals(git, p.gitCommit());
        String pyarrowSays = PythonReference.run("import os\nprint(os.cpu_count())").trim();
        assertTrue(p.machine().cores() >= 1 && p.machine().cores() <= Integer.parseInt(pyarrowSays));
        assertEquals(Runtime.getRuntime().maxMemory(), p.machine().maxHeapBytes());
        assertTrue(p.libraries().get("arrow").matches("\\d+\\.\\d+\\.\\d+.*"), p.libraries().toString());
        assertTrue(p.libraries().get("djl").matches("\\d+\\.\\d+\\.\\d+.*"), p.libraries().toString());
        // The versions the build pins (pom.xml properties), as the jars on the class path state them.
        for (String[] pinned : new String[][] {{"djl", "djl.version"}, {"arrow", "arrow.version"},
                {"duckdb", "duckdb.version"}}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + java.util.regex.Pattern.quote(pinned[1])
                    + ">([^<]+)<").matcher(pom);
            assertTrue(m.find(), pinned[1]);
            assertEquals(m.group(1), p.libraries().get(pinned[0]), pinned[0]);
        }
    }

    @Test
    void recorderCollectsTheSessionAndAttachesOnce() throws Exception {
        Path csv = dir.resolve("runs.csv");
        Files.writeString(csv, "x\n1\n");
        ProvenanceRecorder recorder = new ProvenanceRecorder(new FileHashes(FileHashes.PROGRESS_BYTES));
        recorder.parameters(Map.of("seed", "7")).dataset(csv).dataset(csv).seed("fit", 42).begin("%table load runs.csv");
        try (RootAllocator root = new RootAllocator();
             Table table = Table.builder(root, "t").float64("x", 1.0).build()) {
            assertSame(table, recorder.attach(table, Progress.NONE));
            Provenance attached = Provenance.fromJson(table.metadata().get(Provenance.METADATA_KEY));
            assertEquals("%table load runs.csv", attached.command());
            assertEquals(1, attached.datasets().size(), "a file read twice is listed once");
            assertEquals(PythonReference.run("import hashlib, sys\nprint(hashlib.sha256(open(sys.argv[1], 'rb')"
                    + ".read()).hexdigest())", csv.toString()).trim(), attached.datasets().get(0).sha256());
            assertEquals(Map.of("fit", 42L), attached.seeds());
            assertEquals(Map.of("seed", "7"), attached.parameters());
            assertNull(attached.model());
            assertTrue(!Instant.parse(attached.end()).isBefore(Instant.parse(attached.start())));
            // A table that already carries a record (read from a saved file) keeps it.
            recorder.begin("%other");
            recorder.attach(table, Progress.NONE);
            assertEquals(attached, Provenance.fromJson(table.metadata().get(Provenance.METADATA_KEY)));
            // Other metadata stays beside it.
            table.annotate(Map.of("note", "kept"));
            assertEquals("kept", table.metadata().get("note"));
            JsonObject json = JsonParser.parseString(table.metadata().get(Provenance.METADATA_KEY)).getAsJsonObject();
            assertEquals("%table load runs.csv", json.get("command").getAsString());
        }
    }

    @Test
    void aDirectoryDatasetIsItsFilesByNameAndGonePathsAreLeftOut() throws Exception {
        Path essays = Files.createDirectories(dir.resolve("essays"));
        Files.writeString(essays.resolve("b.txt"), "second");
        Files.writeString(essays.resolve("a.txt"), "first");
        Files.createDirectories(essays.resolve("sub"));
        ProvenanceRecorder recorder = new ProvenanceRecorder(new FileHashes(FileHashes.PROGRESS_BYTES));
        recorder.datasets(essays, null, dir.resolve("deleted.txt"));
        List<FileHash> datasets = recorder.snapshot(Progress.NONE).datasets();
        assertEquals(List.of(essays.resolve("a.txt").toString(), essays.resolve("b.txt").toString()),
                datasets.stream().map(FileHash::path).toList());
        String python = PythonReference.run("import hashlib\nprint(hashlib.sha256(b'first').hexdigest(), "
                + "hashlib.sha256(b'second').hexdigest())").trim();
        assertEquals(python, datasets.get(0).sha256() + " " + datasets.get(1).sha256());
    }

    @Test
    void parametersTravelThroughTheEnvironmentToAKernelProcess() {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        given.put("seed", "7");
        given.put("name", "a \"quoted\" ü");
        given.put("sizes", "1,2,4");
        assertEquals(given, ProvenanceRecorder.parametersFromEnvironment(ProvenanceRecorder.parametersToEnvironment(given)));
        assertEquals(Map.of(), ProvenanceRecorder.parametersFromEnvironment(null));
        assertEquals(Map.of(), ProvenanceRecorder.parametersFromEnvironment("not json ["), "a stray value is ignored");
    }
}

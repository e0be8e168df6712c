package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.TextFile;
import org.lmlab.model.extrapolation.passkey.NeedleTask;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.ColumnSchema;

/**
 * What the sweep tasks put in a grid's definition (so a resume with other settings is refused), and
 * how the documents of the ppl documents protocol are read. No model needed.
 */
class SweepTaskDefinitionTest {

    @TempDir
    Path dir;

    /**
     * The sliding protocol's definition is the one results files written before the documents
     * protocol carry (bench/results), so they still resume: checked with Python's hashlib.
     */
    @Test
    void theSlidingDefinitionIsUnchanged() throws Exception {
        String text = "To be, or not to be, that is the question: ü\n".repeat(30);
        String sha = PythonReference.run("import hashlib, sys\nprint(hashlib.sha256(sys.argv[1].encode('utf-8'))"
                + ".hexdigest())", text).strip();
        assertEquals("ppl: text hamlet.txt (" + text.length() + " chars, sha256 " + sha + "), the first length tokens, "
                + "window = length, stride = length, position buckets of 256",
                new PerplexityTask("hamlet.txt", text, 0, 0, 256).definition());
        assertEquals("ppl: text hamlet.txt (" + text.length() + " chars, sha256 " + sha + "), the first 4096 tokens, "
                + "window = length, stride 512", new PerplexityTask("hamlet.txt", text, 512, 4096, 0).definition());
        assertEquals(List.of("ppl", "mean_nll", "scored", "window", "stride"),
                names(PerplexityTask.firstTokens("t", text).columns()));
    }

    @Test
    void documentsFromJsonLinesAndFromADirectory() throws Exception {
        Path jsonl = dir.resolve("docs.jsonl");
        Files.writeString(jsonl, "{\"id\":1,\"body\":\"first\\ndocument\"}\n\n  {\"body\":\"second\",\"x\":[1]}\r\n"
                + "{\"body\":\"third ü\"}");
        Documents d = Documents.jsonLines(jsonl, "body");
        assertEquals("docs.jsonl", d.source());
        assertEquals(List.of("first\ndocument", "second", "third ü"), d.documents().stream().map(Documents.Document::text)
                .toList());
        assertEquals(List.of("line 1", "line 3", "line 4"), d.documents().stream().map(Documents.Document::name).toList());
        assertEquals(14 + 6 + 7, d.chars());
        PerplexityTask task = PerplexityTask.documents(d, 0);
        assertEquals(PerplexityTask.Protocol.DOCUMENTS, task.protocol());
        assertTrue(task.definition().startsWith("ppl: documents docs.jsonl (3 documents, 27 chars, sha256 " + d.sha256()
                + "), the first length tokens of each document with at least length tokens"), task.definition());
        assertEquals(List.of("ppl", "mean_nll", "scored", "window", "stride", "documents", "skipped"),
                names(task.columns()));
        assertEquals(List.of("ppl", "mean_nll", "scored", "window", "stride", "documents", "skipped", "position_bucket",
                "position_nll"), names(PerplexityTask.documents(d, 64).columns()));

        // One character more in one document: another hash, so a resume on other documents is refused.
        Files.writeString(jsonl, Files.readString(jsonl).replace("second", "second!"));
        assertNotEquals(d.sha256(), Documents.jsonLines(jsonl, "body").sha256());

        Path folder = Files.createDirectory(dir.resolve("essays"));
        Files.writeString(folder.resolve("b.txt"), "bee");
        Files.writeString(folder.resolve("a.txt"), "ä", StandardCharsets.ISO_8859_1);
        Files.writeString(folder.resolve("notes.md"), "not a document");
        Documents files = Documents.read(folder, "ignored", StandardCharsets.ISO_8859_1);
        assertEquals("essays/", files.source());
        assertEquals(List.of("a.txt", "b.txt"), files.documents().stream().map(Documents.Document::name).toList());
        assertEquals("ä", files.documents().get(0).text());
    }

    @Test
    void badDocumentsAreRefusedNamingTheLine() throws Exception {
        Path jsonl = dir.resolve("bad.jsonl");
        Files.writeString(jsonl, "{\"text\":\"ok\"}\n{\"title\":\"x\",\"body\":\"y\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Documents.jsonLines(jsonl, "text"));
        assertEquals(jsonl + ":2: no string field 'text' (the line has fields title, body); name the text's field with "
                + "--field", e.getMessage());
        Files.writeString(jsonl, "{\"text\":\"ok\"}\n[1, 2]\n");
        e = assertThrows(IllegalArgumentException.class, () -> Documents.jsonLines(jsonl, "text"));
        assertTrue(e.getMessage().startsWith(jsonl + ":2: not a JSON object"), e.getMessage());
        Files.writeString(jsonl, "{\"text\":\"ok\"}\n{\"text\": \"unterminated\n");
        e = assertThrows(IllegalArgumentException.class, () -> Documents.jsonLines(jsonl, "text"));
        assertTrue(e.getMessage().startsWith(jsonl + ":2: not JSON"), e.getMessage());
        Files.writeString(jsonl, "\n\n");
        e = assertThrows(IllegalArgumentException.class, () -> Documents.jsonLines(jsonl, "text"));
        assertEquals(jsonl + " holds no JSON lines", e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> Documents.read(empty, "text", StandardCharsets.UTF_8));
        assertEquals("directory " + empty + " holds no .txt files", e.getMessage());
        assertThrows(TextFile.Problem.class, () -> Documents.read(dir.resolve("missing.jsonl"), "text",
                StandardCharsets.UTF_8));
    }

    @Test
    void retrievalDefinitionsNameTheTemplateVariantAndGeneration() throws Exception {
        RetrievalTask passkey = RetrievalTask.passkey();
        assertTrue(passkey.definition().startsWith("passkey: landmark-attention template (template sha256 "),
                passkey.definition());
        assertTrue(passkey.definition().contains("greedy decoding of at most 10 new tokens"), passkey.definition());
        assertEquals(List.of("expected", "answer", "correct", "prompt_tokens"), names(passkey.columns()));
        RetrievalTask single = RetrievalTask.needle(NeedleTask.single());
        assertTrue(single.definition().startsWith("needle: RULER niah single (keys 1, values per key 1, haystack noise"),
                single.definition());
        assertTrue(single.definition().contains("at most 12 new tokens"), single.definition());
        assertTrue(RetrievalTask.needle(NeedleTask.multiValue()).definition().contains("at most 48 new tokens"));
        assertEquals(List.of("needle", "expected", "answer", "correct", "prompt_tokens"), names(single.columns()));
        Set<String> all = List.of(passkey, RetrievalTask.passkey(5), single, RetrievalTask.needle(NeedleTask.single(), 20),
                RetrievalTask.needle(NeedleTask.multiKey()), RetrievalTask.needle(NeedleTask.multiValue()),
                RetrievalTask.needle(new NeedleTask(1, 1, org.lmlab.model.extrapolation.passkey.Filler.LANDMARK)))
                .stream().map(RetrievalTask::definition).collect(Collectors.toSet());
        assertEquals(7, all.size(), "every setting gives its own definition");

        // A results file written with 10-token answers is refused by a sweep with 5-token answers, unchanged.
        SweepGrid ten = grid(passkey);
        Path file = dir.resolve("passkey.jsonl");
        ResultsFile.create(file, ten, passkeyColumns(passkey)).close();
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsFile.resume(file, grid(RetrievalTask.passkey(5)), passkeyColumns(passkey)));
        assertTrue(e.getMessage().contains("belongs to another grid") && e.getMessage().contains("at most 5 new tokens"),
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    private static SweepGrid grid(RetrievalTask task) {
        return new SweepGrid("smollm2-135m", task.definition(), List.of(MethodSpec.parse("none", 8192)), List.of(4096),
                List.of(0.5), List.of(1L));
    }

    private static List<ColumnSchema> passkeyColumns(RetrievalTask task) {
        List<ColumnSchema> all = new java.util.ArrayList<>(Sweep.LEADING);
        all.addAll(task.columns());
        all.addAll(Sweep.TRAILING);
        return all;
    }

    private static List<String> names(List<ColumnSchema> columns) {
        return columns.stream().map(ColumnSchema::name).toList();
    }
}

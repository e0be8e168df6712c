package org.lmlab.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte-level tokenizer.json read by the tokenizers library gives one id per UTF-8 byte. */
class ByteVocabularyTest {

    @TempDir
    Path dir;

    @Test
    void huggingFaceTokenizersReadsItAsOneTokenPerByte() {
        Path file = dir.resolve("tokenizer.json");
        ByteVocabulary.writeTokenizerJson(file);
        String text = "First Citizen:\nBefore we proceed any further, hear me speak.\n\n  Ünïcödé → ok\t\u0000end";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int[] expected = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            expected[i] = utf8[i] & 0xff;
        }
        assertArrayEquals(expected, ByteVocabulary.encode(text));
        try (HfTokenizer tokenizer = HfTokenizer.open(file)) {
            assertEquals(256, tokenizer.vocabSize());
            assertArrayEquals(expected, tokenizer.encode(text, true, false));
            assertEquals(text, tokenizer.decode(expected));
        }
    }
}

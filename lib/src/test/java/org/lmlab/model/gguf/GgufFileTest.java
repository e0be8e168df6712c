package org.lmlab.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.reference.PythonReference;

/**
 * Header, metadata of every value type, tensor table and alignment, read side by side with
 * {@code gguf.GGUFReader} on a file {@code gguf.GGUFWriter} wrote; and the error messages for
 * non-GGUF, truncated and unsupported files.
 */
class GgufFileTest {

    @TempDir
    static Path dir;
    static Path file;
    static JsonObject python;

    @BeforeAll
    static void writeWithPython() throws Exception {
        file = dir.resolve("types.gguf");
        python = JsonParser.parseString(PythonReference.run(BundledModel.script("metadata_types.py"), file.toString()))
                .getAsJsonObject();
    }

    @Test
    void everyMetadataValueTypeEqualsGgufReaders() {
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(3, f.version());
            assertEquals(python.keySet(), f.metadata().keySet());
            for (Map.Entry<String, JsonElement> e : python.entrySet()) {
                JsonArray expected = e.getValue().getAsJsonArray();
                String key = e.getKey();
                assertEquals(expected.get(0).getAsString(), f.metadataType(key).orElseThrow().name(), key);
                Object actual = f.metadata().get(key);
                if (expected.get(0).getAsString().equals("ARRAY")) {
                    JsonArray items = expected.get(2).getAsJsonArray();
                    List<?> list = (List<?>) actual;
                    assertEquals(items.size(), list.size(), key);
                    for (int i = 0; i < items.size(); i++) {
                        assertValue(items.get(i), list.get(i), key + "[" + i + "]");
                    }
                } else {
                    assertValue(expected.get(1), actual, key);
                }
            }
            assertEquals(64, f.alignment());
        }
    }

    private static void assertValue(JsonElement expected, Object actual, String what) {
        if (actual instanceof String) {
            assertEquals(expected.getAsString(), actual, what);
        } else if (actual instanceof Boolean) {
            assertEquals(expected.getAsBoolean(), actual, what);
        } else if (actual instanceof Float || actual instanceof Double) {
            assertEquals(expected.getAsDouble(), ((Number) actual).doubleValue(), 0.0, what);
        } else {
            assertEquals(expected.getAsBigInteger().longValue(), ((Number) actual).longValue(), what);
        }
    }

    @Test
    void tensorTableAndAlignedDataMatchWhatWasWritten() {
        try (GgufFile f = GgufFile.open(file)) {
            GgufTensor x = f.tensor("x");
            assertArrayEquals(new long[] {16, 3}, x.dims());
            assertArrayEquals(new long[] {3, 16}, x.shape());
            assertEquals(0, (x.fileOffset() - f.dataStart()) % 64);
            assertEquals(0, f.dataStart() % 64);
            float[] values = f.dequantize(x);
            for (int i = 0; i < values.length; i++) {
                assertEquals(i, values[i], 0f);
            }
            assertEquals(4f, f.dequantize(f.tensor("y"))[4], 0f);
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> f.tensor("z"));
            assertTrue(missing.getMessage().contains("no tensor z"), missing.getMessage());
        }
    }

    @Test
    void nonGgufFileIsRejectedByName() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a model, just some text");
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(text));
        assertEquals(text + " is not a GGUF file (the first four bytes are not \"GGUF\")", e.getMessage());
        Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);
        assertTrue(assertThrows(GgufException.class, () -> GgufFile.open(empty)).getMessage().contains("not a GGUF"));
    }

    @Test
    void truncatedFileNamesFileAndOffset() throws Exception {
        byte[] whole = Files.readAllBytes(file);
        Path head = Files.write(dir.resolve("head.gguf"), Arrays.copyOf(whole, 100));
        GgufException inMetadata = assertThrows(GgufException.class, () -> GgufFile.open(head));
        assertTrue(inMetadata.getMessage().startsWith(head + " is truncated: "), inMetadata.getMessage());
        assertTrue(inMetadata.getMessage().endsWith("but the file ends at 100"), inMetadata.getMessage());
        assertTrue(inMetadata.getMessage().contains("at byte offset "), inMetadata.getMessage());

        Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(whole, whole.length - 100));
        GgufException inData = assertThrows(GgufException.class, () -> GgufFile.open(cut));
        assertTrue(inData.getMessage().startsWith(cut + " is truncated: tensor q5k needs bytes "), inData.getMessage());
    }

    @Test
    void unsupportedTensorTypeNamesTensorAndType() throws Exception {
        try (GgufFile f = GgufFile.open(file)) {
            GgufException e = assertThrows(GgufException.class, () -> f.dequantize(f.tensor("q5k")));
            assertEquals(file + ": tensor q5k has type Q5_K, which lmlab cannot dequantise; supported types are"
                    + " F32, F16, Q4_0, Q4_1, Q8_0, Q4_K, Q6_K, BF16", e.getMessage());
        }
        byte[] bytes = Files.readAllBytes(file);
        // tensor info of "y": name length 1, "y", 1 dimension of 5, then the type (F32 = 0)
        byte[] info = {1, 0, 0, 0, 0, 0, 0, 0, 'y', 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
        int at = indexOf(bytes, info);
        bytes[at + info.length - 1] = 99;
        Path unknown = Files.write(dir.resolve("unknown-type.gguf"), bytes);
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(unknown));
        assertTrue(e.getMessage().startsWith(unknown + ": tensor y has unknown ggml type 99"), e.getMessage());
    }

    @Test
    void unsupportedVersionIsNamed() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[4] = 1;
        Path v1 = Files.write(dir.resolve("v1.gguf"), bytes);
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(v1));
        assertEquals(v1 + " has GGUF version 1; supported versions are 2 and 3", e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found: " + new String(needle, StandardCharsets.ISO_8859_1));
    }
}

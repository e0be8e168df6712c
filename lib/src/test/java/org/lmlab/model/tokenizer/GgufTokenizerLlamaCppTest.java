package org.lmlab.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.gguf.BundledModel;
import org.lmlab.model.gguf.GgufFile;
import org.lmlab.reference.PythonReference;

/**
 * Token ids of the bundled SmolLM2 vocabulary side by side with llama.cpp itself (the
 * {@code de.kherud:llama} binding, whose {@code encode} parses special tokens and adds no BOS) on a
 * mixed corpus: English, code, Unicode (accents, CJK, emoji, combining marks, other scripts),
 * whitespace runs, numbers, contractions, ChatML.
 */
class GgufTokenizerLlamaCppTest {

    static final List<String> CORPUS = List.of(
            "Hello world",
            "The quick brown fox jumps over the lazy dog.",
            " leading space",
            "  two leading spaces and trailing   ",
            "It's, they're, we've, I'm, you'll, he'd, don't; IT'S THEY'RE 'quoted' 's",
            "Numbers: 0 7 42 1234567890 3.14159 -12,345.67 1e-9 0x1F 2026-11-23 10:30pm ½ ² ³ ⅷ ٣٤٥",
            "public static void main(String[] args) {\n    System.out.println(\"hi\" + 1);\n}\n",
            "def f(x):\n\tif x>=10 and x!=3:\n\t\treturn x**2 // 7  # comment\n\treturn None\n",
            "for (int i = 0; i < n; ++i) { a[i] += b[i] * c; } // done\r\n",
            "naïve café résumé Ångström façade Zürich",
            "日本語のテキストです。中文文本，还有标点！한국어 문장입니다.",
            "Emoji: 🙂 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ ✨",
            "Ελληνικά, русский текст, עברית, العربية, हिन्दी, ไทย",
            "Combining: e\u0301 a\u0308 n\u0303; zero width:\u200b|\u200d|; nbsp:\u00a0x; ideographic space:\u3000y",
            "Whitespace runs:\n\n\n\t\t  \n   \nend\n",
            "tabs\tand\u000bvertical\u000cform feed\r\nwindows line",
            "   ",
            "\n",
            "a",
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
                    + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
            "text<|im_end|><|im_start|>more<|endoftext|>",
            "<|im_start|><|im_start|> <|im_end|>  <|endoftext|>x<repo_name>y<reponame>z",
            "<|im_start partial <| im_end |> <|unknown|>",
            "URLs https://example.com/path?q=1&r=two#frag and emails a.b@c.org",
            "Symbols: ~!@#$%^&*()_+-=[]{}|;':\",./<>? `backticks` \\ ¿¡ «» „“ — – … © ® ™ € £ ¥",
            "MixedCASE camelCase snake_case SCREAMING_CASE kebab-case PascalCase123abc",
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.");

    static LlamaModel llama;
    static GgufTokenizer ours;

    @BeforeAll
    static void load() throws Exception {
        org.lmlab.reference.LlamaCppNatives.prepare();
        Path model = BundledModel.path();
        llama = new LlamaModel(new ModelParameters().setModel(model.toString()).setCtxSize(512).setThreads(1));
        try (GgufFile file = GgufFile.open(model)) {
            ours = GgufTokenizer.from(file);
        }
    }

    @AfterAll
    static void close() {
        if (llama != null) {
            llama.close();
        }
    }

    @Test
    void idsEqualLlamaCppOnTheMixedCorpus() {
        int tokens = 0;
        for (String text : CORPUS) {
            int[] expected = llama.encode(text);
            assertArrayEquals(expected, ours.encode(text, false, true), () -> "text: " + text);
            tokens += expected.length;
        }
        System.out.println("llama.cpp and lmlab agree on " + CORPUS.size() + " texts, " + tokens + " tokens");
    }

    @Test
    void idsEqualLlamaCppOnRepositoryFiles() throws Exception {
        List<Path> files = new ArrayList<>(List.of(PythonReference.root().resolve("README.md"),
                PythonReference.root().resolve("lib/src/main/java/org/lmlab/model/tokenizer/GgufTokenizer.java"),
                PythonReference.root().resolve("lib/src/test/resources/org/lmlab/model/gguf/write_synthetic.py")));
        int tokens = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            int[] expected = llama.encode(text);
            assertArrayEquals(expected, ours.encode(text, false, true), file.toString());
            tokens += expected.length;
        }
        System.out.println("llama.cpp and lmlab agree on " + files.size() + " files, " + tokens + " tokens");
    }

    /** Seeded random strings over the characters where pre-tokenizers differ: spaces, digits, apostrophes, ... */
    @Test
    void idsEqualLlamaCppOnSeededRandomStrings() {
        int tokens = 0;
        for (String t : randomStrings(2000)) {
            int[] expected = llama.encode(t);
            assertArrayEquals(expected, ours.encode(t, false, true), () -> "text: " + escape(t));
            tokens += expected.length;
        }
        System.out.println("llama.cpp and lmlab agree on 2000 random strings, " + tokens + " tokens");
    }

    static List<String> randomStrings(int count) {
        String[] alphabet = {" ", " ", "  ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "a", "Z", "é", "ß", "x", "the", "'",
            "'s", "'ll", "'RE", "0", "7", "42", "½", "٣", ".", ",", "!?", "-", "_", "(", "\"", "#", "日", "本", "한",
            "🙂", "👍🏽", "\u200d", "e\u0301", "<|im_start|>", "<|im_end|>", "<|", "|>", "\u0000", "\u007f"};
        java.util.Random random = new java.util.Random(20261123);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            texts.add(text.toString());
        }
        return texts;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u{%x}", c)));
        return out.toString();
    }

    @Test
    void decodeEqualsLlamaCppAndRoundTrips() {
        for (String text : CORPUS) {
            int[] ids = ours.encode(text, false, true);
            assertEquals(llama.decode(ids), ours.decode(ids), text);
            assertEquals(text, ours.decode(ids), text);
        }
    }

    @Test
    void specialTokensAreTextWhenNotParsed() {
        String chat = CORPUS.get(19);
        int[] plain = ours.encode(chat, false, false);
        int imStart = ours.special("<|im_start|>").orElseThrow();
        assertEquals(1, imStart);
        assertFalse(Arrays.stream(plain).anyMatch(id -> ours.tokenType(id) == GgufTokenizer.CONTROL));
        assertEquals(chat, ours.decode(plain));
        // each special token's text, tokenized as text, equals llama.cpp's ids for the same characters
        // split so that no special token can be recognised
        assertArrayEquals(concat(llama.encode("<|"), llama.encode("im")), ours.encode("<|im", false, false));
        assertTrue(ours.encode(chat, false, true).length < plain.length);
    }

    @Test
    void bosFollowsTheModelMetadataAndIdsAreNamed() {
        // SmolLM2's GGUF says tokenizer.ggml.add_bos_token = false: no BOS even when asked
        assertArrayEquals(ours.encode("Hi", false, true), ours.encode("Hi", true, true));
        assertEquals(1, ours.bos().orElseThrow());
        assertEquals(2, ours.eos().orElseThrow());
        assertEquals(2, ours.special("<|im_end|>").orElseThrow());
        assertTrue(ours.special("Hello").isEmpty());
        assertEquals(49152, ours.vocabSize());
        assertEquals("<|im_end|>", ours.piece(2));
        assertEquals(" world", ours.piece(ours.encode(" world", false, false)[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ours.decode(new int[] {49152}));
        assertEquals("token id 49152 outside the vocabulary of 49152", e.getMessage());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

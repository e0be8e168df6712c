package org.lmlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;

/**
 * The bundled model loaded with a chosen context: inputs longer than asked are refused with the
 * lengths named, generation stops when the context is full, and unloading gives the native
 * memory back.
 */
class LanguageModelLimitsTest {

    static final String MODEL = "smollm2-135m";
    static final int ROUNDS = 6;
    /** SmolLM2-135M's weights held as F32. */
    static final long WEIGHTS_MIB = 513;

    @Test
    void inputsLongerThanTheContextAreRefusedAndGenerationStopsWhenItIsFull() throws IOException {
        String text = Files.readString(PythonReference.root().resolve("datasets/text/tinyshakespeare-excerpt.txt"));
        try (LanguageModel model = LanguageModel.load(MODEL, "cpu", 48, Progress.NONE)) {
            assertEquals(48, model.contextLength());
            assertTrue(model.describe().contains("context 48 positions"), model.describe());

            ContextLengthException prompt = assertThrows(ContextLengthException.class,
                    () -> model.generate(text.substring(0, 2000), false, 8, SamplingOptions.greedy(), null));
            assertTrue(prompt.getMessage().matches("a prompt of \\d+ tokens and one new token needs \\d+ positions, "
                    + "more than the context of 48 this model was loaded with \\(trained on 8192\\); load it with a "
                    + "larger context .*"), prompt.getMessage());
            assertEquals(48, prompt.context());

            ContextLengthException window = assertThrows(ContextLengthException.class,
                    () -> model.perplexity(text, 64, 32));
            assertEquals(64, window.tokens());

            // Windows within the context are fine, however long the text.
            Perplexity ppl = model.perplexity(text.substring(0, 1500), 48, 24);
            assertTrue(ppl.tokens() > 48 && Double.isFinite(ppl.value()), ppl.toString());

            LanguageModel.Generation full = model.generate("Once upon a time", false, 200, SamplingOptions.greedy(),
                    null);
            assertEquals(Generator.StopReason.CONTEXT_FULL, full.reason());
            assertEquals(48, full.promptTokens() + full.tokens().length, "prompt and generated tokens fill the context");

            // The estimate before loading counts the parameters the loaded decoder holds.
            org.lmlab.model.engine.MemoryEstimate before = LanguageModel.estimate(MODEL,
                    LoadOptions.defaults().withContextLength(48));
            assertEquals(model.memory(48), before);
            // ...and the decode step's native weight copies it holds beside them (counted from the config's shapes
            // before loading, measured as the native allocations after): 0 where the native products do not load.
            assertEquals(model.decoder().nativeBytes(), before.nativeCopyBytes());
            assertEquals(org.lmlab.model.engine.kernels.NativeProducts.isAvailable(), before.nativeCopyBytes() > 0);
            org.lmlab.model.engine.MemoryEstimate half = LanguageModel.estimate(MODEL, LoadOptions.defaults()
                    .withPrecision(org.lmlab.model.engine.Precision.F16));
            assertEquals(2 * model.decoder().parameters(), half.weightBytes());
            // Trained context 8,192: K and V of 30 layers x 3 heads x 64 dims, F32.
            assertEquals(3L * 30 * 3 * 64 * 8192 * 4, half.kvCacheBytes());
        }
        assertThrows(IllegalArgumentException.class, () -> LanguageModel.load(MODEL, "cpu", -1, Progress.NONE));
    }

    /** Resident memory of this process (/proc, Linux), in MiB. */
    static long residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /**
     * Run in a JVM of its own (a small fixed heap, nothing else loaded): resident memory before, with
     * the model loaded, and after unloading it, for 1 + ROUNDS rounds, one line of MiB figures.
     */
    public static void main(String[] args) throws IOException {
        StringBuilder out = new StringBuilder().append(residentMiB());
        for (int round = 0; round <= ROUNDS; round++) {
            try (LanguageModel model = LanguageModel.load(MODEL, "cpu", Progress.NONE)) {
                model.generate("Hello", false, 4, SamplingOptions.greedy(), null);
                out.append(' ').append(residentMiB());
            }
            System.gc();
            out.append(' ').append(residentMiB());
        }
        System.out.println(out);
    }

    @Test
    void unloadingGivesTheNativeMemoryBack() throws Exception {
        // Resident memory is what a leak would show: PyTorch holds the weights outside the Java
        // heap. A JVM of its own with a small heap keeps the Java side out of the figures. The
        // native allocator keeps freed pages for reuse rather than returning them to the system,
        // and how much it keeps varies, so the check is against the trend a leak would make: the
        // model's 513 MiB of F32 weights more every round.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dlmlab.python=" + System.getProperty("lmlab.python", ""),
                "-cp", System.getProperty("java.class.path"), LanguageModelLimitsTest.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        assertEquals(0, process.waitFor(), "the memory probe failed: " + output);
        String[] lines = output.split("\n");
        long[] mib = Arrays.stream(lines[lines.length - 1].trim().split(" ")).mapToLong(Long::parseLong).toArray();
        long before = mib[0];
        long firstLoaded = mib[1];
        long afterFirst = mib[2];
        long loadedMax = 0;
        long unloadedMax = 0;
        for (int i = 3; i < mib.length; i += 2) {
            loadedMax = Math.max(loadedMax, mib[i]);
            unloadedMax = Math.max(unloadedMax, mib[i + 1]);
        }
        System.out.printf(Locale.ROOT, "resident memory (own JVM, 256 MiB heap): %d MiB before, %d MiB with the model "
                + "loaded, %d MiB after unloading; over %d more rounds up to %d MiB loaded and %d MiB unloaded%n",
                before, firstLoaded, afterFirst, ROUNDS, loadedMax, unloadedMax);
        assertTrue(firstLoaded - before > 400, "loading added only " + (firstLoaded - before) + " MiB: the measure "
                + "does not see the weights");
        assertTrue(unloadedMax - afterFirst < 2 * WEIGHTS_MIB, "memory grew by " + (unloadedMax - afterFirst)
                + " MiB over " + ROUNDS + " rounds");
        assertTrue(loadedMax - firstLoaded < 2 * WEIGHTS_MIB, "a loaded model took " + (loadedMax - firstLoaded)
                + " MiB more than the first time: unloaded memory was not reused");
    }
}

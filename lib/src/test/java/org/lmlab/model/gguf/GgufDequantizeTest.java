package org.lmlab.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.reference.PythonReference;

/**
 * Dequantisation side by side with the Python {@code gguf} package's {@code gguf.quants.dequantize}:
 * float bits must be equal. Real tensors of the bundled model cover Q4_1, Q8_0 and F32; a file
 * written by {@code gguf.GGUFWriter} from its weights covers F16, BF16, Q4_0, Q4_K and Q6_K.
 */
class GgufDequantizeTest {

    private static final String[] DUMPED = {"token_embd.weight", "blk.0.attn_q.weight", "blk.0.attn_norm.weight"};

    @Test
    void everyRealTensorOfTheBundledModelIsBitIdentical(@TempDir Path dir) throws Exception {
        Path model = BundledModel.path();
        String[] args = new String[2 + DUMPED.length];
        args[0] = model.toString();
        args[1] = dir.toString();
        System.arraycopy(DUMPED, 0, args, 2, DUMPED.length);
        Map<String, String> pythonHashes = new LinkedHashMap<>();
        for (String line : PythonReference.run(BundledModel.script("dequantize_real.py"), args).strip().split("\n")) {
            String[] f = line.split(" ");
            pythonHashes.put(f[0], f[2]);
        }
        Set<GgmlType> types = EnumSet.noneOf(GgmlType.class);
        try (GgufFile file = GgufFile.open(model)) {
            assertEquals(pythonHashes.keySet(), Set.copyOf(file.tensors().stream().map(GgufTensor::name).toList()));
            for (GgufTensor t : file.tensors()) {
                assertEquals(pythonHashes.get(t.name()), BundledModel.sha256(file.dequantize(t)), t.toString());
                types.add(t.type());
            }
            for (String name : DUMPED) {
                float[] expected = BundledModel.readF32(dir.resolve(name + ".f32"));
                long mismatches = BundledModel.bitMismatches(expected, file.dequantize(file.tensor(name)));
                System.out.printf("%s (%s): %d values, %d differ in bits%n", name, file.tensor(name).type(),
                        expected.length, mismatches);
                assertEquals(0, mismatches, name);
            }
        }
        assertEquals(EnumSet.of(GgmlType.F32, GgmlType.Q4_1, GgmlType.Q8_0), types);
    }

    @Test
    void typesTheBundledModelLacksAreBitIdentical(@TempDir Path dir) throws Exception {
        Path synthetic = dir.resolve("synthetic.gguf");
        PythonReference.run(BundledModel.script("write_synthetic.py"), BundledModel.path().toString(),
                synthetic.toString());
        Map<String, GgmlType> expectedTypes = new LinkedHashMap<>();
        try (GgufFile file = GgufFile.open(synthetic)) {
            file.tensors().forEach(t -> expectedTypes.put(t.name(), t.type()));
        }
        assertEquals(EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0, GgmlType.Q8_0,
                GgmlType.Q4_1, GgmlType.Q4_K, GgmlType.Q6_K), EnumSet.copyOf(expectedTypes.values()));
        String[] args = new String[2 + expectedTypes.size()];
        args[0] = synthetic.toString();
        args[1] = dir.toString();
        System.arraycopy(expectedTypes.keySet().toArray(new String[0]), 0, args, 2, expectedTypes.size());
        PythonReference.run(BundledModel.script("dequantize_real.py"), args);
        try (GgufFile file = GgufFile.open(synthetic)) {
            for (GgufTensor t : file.tensors()) {
                float[] expected = BundledModel.readF32(dir.resolve(t.name() + ".f32"));
                long mismatches = BundledModel.bitMismatches(expected, file.dequantize(t));
                System.out.printf("%s (%s, %d values): %d differ in bits%n", t.name(), t.type(), expected.length,
                        mismatches);
                assertEquals(0, mismatches, t.toString());
            }
        }
    }
}

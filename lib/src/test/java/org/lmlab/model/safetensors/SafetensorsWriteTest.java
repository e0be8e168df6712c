package org.lmlab.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.reference.PythonReference;

/** A file {@link Safetensors#write} wrote, read by the safetensors package itself. */
class SafetensorsWriteTest {

    @TempDir
    Path dir;

    @Test
    void theSafetensorsPackageReadsWhatWeWrite() throws Exception {
        Path file = dir.resolve("t.safetensors");
        Safetensors.write(file, List.of(
                new Safetensors.Tensor("a.weight", new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-7f, -1e7f}),
                new Safetensors.Tensor("b", new long[] {1}, new float[] {42})), Map.of("format", "pt"));
        String out = PythonReference.run("""
                import sys
                from safetensors import safe_open
                with safe_open(sys.argv[1], framework="numpy") as f:
                    print(f.metadata()["format"])
                    for k in sorted(f.keys()):
                        t = f.get_tensor(k)
                        print(k, t.dtype, list(t.shape), " ".join(repr(float(x)) for x in t.ravel()))
                """, file.toString());
        String[] lines = out.strip().split("\n");
        assertEquals("pt", lines[0]);
        // Python's repr of the float32 nearest 1e-7
        assertEquals("a.weight float32 [2, 3] 1.0 -2.0 3.5 0.0 1.0000000116860974e-07 -10000000.0", lines[1]);
        assertEquals("b float32 [1] 42.0", lines[2]);
        List<Safetensors.Tensor> back = Safetensors.read(file);
        assertEquals("a.weight", back.get(0).name());
        assertArrayEquals(new long[] {2, 3}, back.get(0).shape());
        assertArrayEquals(new float[] {1, -2, 3.5f, 0, 1e-7f, -1e7f}, back.get(0).data());
    }
}

package org.lmlab.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;

/**
 * {@link HalfFloats#f16} against numpy's {@code float16 -> float32} cast for all 65,536 bit
 * patterns, compared as raw float bits: zeros' signs, subnormals, infinities and NaN payloads
 * (signalling ones stay signalling in numpy too) must all be the same.
 */
class HalfFloatsNumpyTest {

    private static final String SCRIPT = """
            import sys
            import numpy as np
            h = np.arange(65536, dtype=np.uint32).astype(np.uint16)
            h.view(np.float16).astype(np.float32).view('<u4').tofile(sys.argv[1])
            """;

    @Test
    void everyBitPatternEqualsNumpy() throws Exception {
        Path out = Files.createTempFile("lmlab-f16", ".bin");
        try {
            PythonReference.run(SCRIPT, out.toString());
            ByteBuffer numpy = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(4 * 65536, numpy.capacity());
            for (int h = 0; h < 65536; h++) {
                int expected = numpy.getInt(4 * h);
                int actual = Float.floatToRawIntBits(HalfFloats.f16((short) h));
                if (expected != actual) {
                    assertEquals(Integer.toHexString(expected), Integer.toHexString(actual),
                            "half 0x" + Integer.toHexString(h));
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void bfloat16IsTheUpperHalfOfAFloat() {
        // 0x3f80 -> 1.0f, 0xc049 -> -3.140625f (0xc0490000), 0x7f80 -> +inf: the top 16 bits of IEEE binary32
        assertEquals(1f, HalfFloats.bf16((short) 0x3f80));
        assertEquals(-3.140625f, HalfFloats.bf16((short) 0xc049));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bf16((short) 0x7f80));
    }
}

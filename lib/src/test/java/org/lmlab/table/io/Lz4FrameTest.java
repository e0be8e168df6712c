package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.reference.PythonReference;

/**
 * Our LZ4 frames decode with commons-compress (the codec arrow-compression uses) to the input,
 * and our decoder agrees with commons-compress on frames either wrote.
 */
class Lz4FrameTest {

    @Test
    void headerChecksumMatchesTheReferenceFrame() {
        // The reference LZ4 tool writes FLG 0x64, BD 0x40 with header checksum 0xA7.
        assertEquals(0xA7, (Lz4Frame.xxHash32(new byte[] {0x64, 0x40}) >>> 8) & 0xff);
    }

    @Test
    void roundTripsManyShapesOfData() throws IOException {
        Random random = new Random(11);
        for (int size : new int[] {0, 1, 5, 12, 13, 16, 100, 65_536, 70_000, 300_000}) {
            for (int kind = 0; kind < 4; kind++) {
                byte[] data = new byte[size];
                for (int i = 0; i < size; i++) {
                    data[i] = switch (kind) {
                        case 0 -> (byte) random.nextInt();
                        case 1 -> 0;
                        case 2 -> (byte) (i % 7);
                        default -> (byte) ((i * 1_000_000_007L - 3) >>> (8 * (i % 8)));
                    };
                }
                assertArrayEquals(data, decode(Lz4Frame.compress(data)), "size " + size + " kind " + kind);
            }
        }
    }

    @Test
    void compressesRepetitiveDataAndStaysFastOnIncompressibleData() throws IOException {
        byte[] zeros = new byte[1 << 20];
        assertTrue(Lz4Frame.compress(zeros).length < 10_000);
        byte[] noise = new byte[6 << 20];
        new Random(3).nextBytes(noise);
        long start = System.nanoTime();
        byte[] frame = Lz4Frame.compress(noise);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 3000, "6 MiB of noise took " + ms + " ms");
        assertArrayEquals(noise, decode(frame));
    }

    @Test
    void decompressesWhatCommonsCompressWritesWithEveryFrameOption() throws IOException {
        Random random = new Random(5);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 97 < 40 ? random.nextInt(4) : i % 13);
        }
        var options = new FramedLZ4CompressorOutputStream.Parameters[] {
            new FramedLZ4CompressorOutputStream.Parameters(FramedLZ4CompressorOutputStream.BlockSize.K64, true, true,
                    true),
            new FramedLZ4CompressorOutputStream.Parameters(FramedLZ4CompressorOutputStream.BlockSize.M4, false,
                    false, false),
        };
        for (var parameters : options) {
            java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
            try (var out = new FramedLZ4CompressorOutputStream(frame, parameters)) {
                out.write(data);
            }
            byte[] bytes = frame.toByteArray();
            byte[] ours = new byte[data.length];
            Lz4Frame.decompress(bytes, 0, bytes.length, ours);
            assertArrayEquals(decode(bytes), ours, parameters.toString());
            // With spare bytes after input and output the decoder copies eight bytes at a time to the end.
            byte[] roomy = new byte[data.length + 16];
            Lz4Frame.decompress(java.util.Arrays.copyOf(bytes, bytes.length + 16), 0, bytes.length, roomy, data.length);
            assertArrayEquals(data, java.util.Arrays.copyOf(roomy, data.length), parameters + " with spare bytes");
        }
        // Matches of every offset below and above eight, long and short, near the end of the output.
        Random shapes = new Random(9);
        for (int k = 0; k < 300; k++) {
            byte[] text = new byte[1 + shapes.nextInt(3000)];
            int period = 1 + shapes.nextInt(24);
            for (int i = 0; i < text.length; i++) {
                text[i] = (byte) (i < period || shapes.nextInt(40) == 0 ? shapes.nextInt(256) : text[i - period]);
            }
            byte[] compressed = Lz4Frame.compress(text);
            byte[] roomy = new byte[text.length + 16];
            Lz4Frame.decompress(java.util.Arrays.copyOf(compressed, compressed.length + 16), 0, compressed.length, roomy,
                    text.length);
            assertArrayEquals(text, java.util.Arrays.copyOf(roomy, text.length), "period " + period);
            assertArrayEquals(text, decode(compressed), "commons-compress, period " + period);
        }
        byte[] frame = Lz4Frame.compress(data);
        byte[] ours = new byte[data.length];
        Lz4Frame.decompress(frame, 0, frame.length, ours);
        assertArrayEquals(decode(frame), ours);
    }

    /**
     * pyarrow's LZ4_FRAME codec (liblz4's frame defaults) writes 64 KiB blocks that are linked: a match may reach
     * back into the previous block. lz4-java (1.14.1) decodes independent blocks only (its frame reader refuses
     * such frames, lz4/lz4-java#176), which is why this decoder stays (docs/benchmarks.md).
     */
    @Test
    void decompressesPyarrowsLinkedBlocks(@TempDir Path dir) throws IOException, InterruptedException {
        // A 40,000-byte random pattern repeated: from the second 64 KiB block on, the repeats sit in earlier blocks.
        byte[] pattern = new byte[40_000];
        new Random(17).nextBytes(pattern);
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = pattern[i % pattern.length];
        }
        Path raw = dir.resolve("data.bin");
        Path frame = dir.resolve("data.lz4");
        Files.write(raw, data);
        PythonReference.run("""
                import sys, pyarrow as pa
                data = open(sys.argv[1], 'rb').read()
                open(sys.argv[2], 'wb').write(pa.Codec('lz4').compress(data, asbytes=True))
                """, raw.toString(), frame.toString());
        byte[] bytes = Files.readAllBytes(frame);
        assertEquals(0, bytes[4] & 0x20, "pyarrow's frame flags 0x" + Integer.toHexString(bytes[4] & 0xff)
                + " mark independent blocks");
        // Independent 64 KiB blocks would each start with ~40,000 bytes of literals (over 160,000 in all; pyarrow 26
        // wrote 78,952).
        assertTrue(bytes.length < 120_000, "frame of " + bytes.length + " bytes: no references across blocks");
        byte[] ours = new byte[data.length];
        Lz4Frame.decompress(bytes, 0, bytes.length, ours);
        assertArrayEquals(data, ours);
        byte[] roomy = new byte[data.length + 16];
        Lz4Frame.decompress(java.util.Arrays.copyOf(bytes, bytes.length + 16), 0, bytes.length, roomy, data.length);
        assertArrayEquals(data, java.util.Arrays.copyOf(roomy, data.length));
    }

    @Test
    void corruptOrShortFramesFailWithAMessage() {
        byte[] data = new byte[10_000];
        java.util.Arrays.fill(data, (byte) 7);
        byte[] frame = Lz4Frame.compress(data);
        byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 9);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Lz4Frame.decompress(truncated, 0, truncated.length, new byte[data.length]));
        assertTrue(e.getMessage().contains("LZ4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Lz4Frame.decompress(frame, 0, frame.length, new byte[data.length + 1]));
        assertTrue(e.getMessage().contains("not the " + (data.length + 1) + " expected"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Lz4Frame.decompress(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8, new byte[0]));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    private static byte[] decode(byte[] frame) throws IOException {
        try (var in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
            return in.readAllBytes();
        }
    }
}

package org.lmlab.table.io;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Compresses bytes into an LZ4 frame (the format Arrow's LZ4_FRAME codec and pyarrow use):
 * independent blocks of up to 4 MiB, each compressed greedily with a hash table of 4-byte
 * sequences, or stored raw when that is not smaller.
 *
 * <p>Why not commons-compress's LZ4 writer, which arrow-compression uses: on data with few
 * repeats it takes seconds per hundred kilobytes (its literal handling is quadratic), which
 * made writing LZ4 Feather files unusable. Its reader is as slow (about 20 MB/s), so frames are
 * also decompressed here ({@link #decompress}). Why not lz4-java (liblz4 through JNI): its decoders take frames of
 * independent blocks only, while pyarrow writes linked blocks, whose matches reach into the previous block
 * (measured and tested: docs/benchmarks.md, {@code Lz4FrameTest}).
 */
final class Lz4Frame {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(
            long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int MAGIC = 0x184D2204;
    private static final int BLOCK_SIZE = 4 << 20;
    /** Version 01, independent blocks, no checksums, no content size. */
    private static final int FLAGS = 0x60;
    /** Maximum block size 4 MiB. */
    private static final int BLOCK_DESCRIPTOR = 0x70;
    private static final int MIN_MATCH = 4;
    /** The last match must start at least 12 bytes before the end of a block ... */
    private static final int MATCH_FIND_LIMIT = 12;
    /** ... and the last 5 bytes are always literals. */
    private static final int LAST_LITERALS = 5;
    private static final int MAX_OFFSET = 65535;
    private static final int HASH_BITS = 16;

    private Lz4Frame() {
    }

    static byte[] compress(byte[] src) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length / 2 + 64);
        writeIntLE(out, MAGIC);
        out.write(FLAGS);
        out.write(BLOCK_DESCRIPTOR);
        out.write((xxHash32(new byte[] {(byte) FLAGS, (byte) BLOCK_DESCRIPTOR}) >>> 8) & 0xff);
        byte[] block = new byte[BLOCK_SIZE + BLOCK_SIZE / 255 + 16];
        int[] table = new int[1 << HASH_BITS];
        for (int start = 0; start < src.length; start += BLOCK_SIZE) {
            int length = Math.min(BLOCK_SIZE, src.length - start);
            int size = compressBlock(src, start, length, block, table);
            if (size >= length) {
                writeIntLE(out, length | 0x80000000);
                out.write(src, start, length);
            } else {
                writeIntLE(out, size);
                out.write(block, 0, size);
            }
        }
        writeIntLE(out, 0);
        return out.toByteArray();
    }

    /**
     * Decompresses the LZ4 frame(s) in {@code src[start, end)} into {@code dst}, which must have
     * exactly the room the content takes. Checksums are skipped (Arrow's readers do not check
     * them either); every length and offset is checked, so corrupt input fails here.
     *
     * @throws IllegalArgumentException when the input is not a complete LZ4 frame or does not
     *                                  fill {@code dst} exactly
     */
    static void decompress(byte[] src, int start, int end, byte[] dst) {
        decompress(src, start, end, dst, dst.length);
    }

    /**
     * As {@link #decompress(byte[], int, int, byte[])} for content of {@code length} bytes; bytes of
     * {@code dst} past it (and of {@code src} past {@code end}) give room for copying eight bytes at
     * a time, and may be overwritten.
     */
    static void decompress(byte[] src, int start, int end, byte[] dst, int length) {
        int out = 0;
        int in = start;
        try {
            while (in < end) {
                if (readIntLE(src, in) != MAGIC) {
                    throw new IllegalArgumentException("no LZ4 frame magic number at byte " + (in - start));
                }
                int flags = src[in + 4] & 0xff;
                in += 6 + ((flags & 0x08) != 0 ? 8 : 0) + ((flags & 0x01) != 0 ? 4 : 0) + 1;
                int blockChecksum = (flags & 0x10) != 0 ? 4 : 0;
                for (int size = readIntLE(src, in); size != 0; size = readIntLE(src, in)) {
                    in += 4;
                    int blockLength = size & 0x7fffffff;
                    if (blockLength > end - in) {
                        throw new IllegalArgumentException("an LZ4 block runs past the end of the input");
                    }
                    if (size < 0) {
                        System.arraycopy(src, in, dst, out, blockLength);
                        out += blockLength;
                    } else {
                        out = decompressBlock(src, in, in + blockLength, dst, out);
                    }
                    in += blockLength + blockChecksum;
                }
                in += 4 + ((flags & 0x04) != 0 ? 4 : 0);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt or truncated LZ4 frame, or its content is larger than the "
                    + dst.length + " bytes expected", e);
        }
        if (out != length) {
            throw new IllegalArgumentException("the LZ4 frame holds " + out + " bytes, not the " + length
                    + " expected");
        }
    }

    /** One LZ4 block {@code src[in, end)} appended to {@code dst} at {@code out}; returns the new end. */
    private static int decompressBlock(byte[] src, int in, int end, byte[] dst, int out) {
        while (true) {
            int token = src[in++] & 0xff;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    b = src[in++] & 0xff;
                    literals += b;
                } while (b == 255);
            }
            if (literals <= 16 && in + 16 <= src.length && out + 16 <= dst.length) {
                // Short runs, the common case, as two eight-byte copies (what lies past the run is rewritten later).
                LONGS.set(dst, out, (long) LONGS.get(src, in));
                LONGS.set(dst, out + 8, (long) LONGS.get(src, in + 8));
            } else {
                System.arraycopy(src, in, dst, out, literals);
            }
            in += literals;
            out += literals;
            if (in >= end) {
                return out;
            }
            int offset = (src[in] & 0xff) | (src[in + 1] & 0xff) << 8;
            in += 2;
            int matchLength = token & 15;
            if (matchLength == 15) {
                int b;
                do {
                    b = src[in++] & 0xff;
                    matchLength += b;
                } while (b == 255);
            }
            matchLength += MIN_MATCH;
            int from = out - offset;
            if (offset == 0 || from < 0) {
                throw new IllegalArgumentException("corrupt LZ4 block: a match refers " + offset
                        + " bytes back, before the start of the output");
            }
            if (offset >= 8 && out + matchLength + 8 <= dst.length) {
                // Eight bytes at a time: with the source at least eight bytes back, each read sees only final bytes.
                for (int k = 0; k < matchLength; k += 8) {
                    LONGS.set(dst, out + k, (long) LONGS.get(dst, from + k));
                }
            } else if (offset >= matchLength) {
                System.arraycopy(dst, from, dst, out, matchLength);
            } else if (offset == 1) {
                Arrays.fill(dst, out, out + matchLength, dst[from]);
            } else {
                // Overlapping match: a pattern of period offset. Copy whole periods from its start, doubling
                // the chunk each time; every chunk's source lies before its destination.
                for (int copied = 0; copied < matchLength; ) {
                    int chunk = Math.min(offset + copied, matchLength - copied);
                    System.arraycopy(dst, from, dst, out + copied, chunk);
                    copied += chunk;
                }
            }
            out += matchLength;
        }
    }

    /** One LZ4 block of {@code src[start, start + length)} into {@code dst}; returns its size. */
    static int compressBlock(byte[] src, int start, int length, byte[] dst, int[] table) {
        Arrays.fill(table, -1);
        int end = start + length;
        int matchLimit = end - LAST_LITERALS;
        int findLimit = end - MATCH_FIND_LIMIT;
        int anchor = start;
        int out = 0;
        int i = start;
        while (i < findLimit) {
            int sequence = readIntLE(src, i);
            int h = (sequence * 0x9E3779B1) >>> (32 - HASH_BITS);
            int candidate = table[h];
            table[h] = i;
            if (candidate < 0 || i - candidate > MAX_OFFSET || readIntLE(src, candidate) != sequence) {
                i++;
                continue;
            }
            int matchLength = MIN_MATCH;
            while (i + matchLength < matchLimit && src[candidate + matchLength] == src[i + matchLength]) {
                matchLength++;
            }
            out = writeSequence(src, anchor, i - anchor, i - candidate, matchLength, dst, out);
            i += matchLength;
            anchor = i;
        }
        return writeLastLiterals(src, anchor, end - anchor, dst, out);
    }

    private static int writeSequence(byte[] src, int literalStart, int literals, int offset, int matchLength,
            byte[] dst, int out) {
        int extra = matchLength - MIN_MATCH;
        int token = out++;
        dst[token] = (byte) ((Math.min(literals, 15) << 4) | Math.min(extra, 15));
        out = writeLength(literals, dst, out);
        System.arraycopy(src, literalStart, dst, out, literals);
        out += literals;
        dst[out++] = (byte) offset;
        dst[out++] = (byte) (offset >>> 8);
        return writeLength(extra, dst, out);
    }

    private static int writeLastLiterals(byte[] src, int literalStart, int literals, byte[] dst, int out) {
        dst[out++] = (byte) (Math.min(literals, 15) << 4);
        out = writeLength(literals, dst, out);
        System.arraycopy(src, literalStart, dst, out, literals);
        return out + literals;
    }

    /** The part of a length beyond 15: bytes of 255, then the rest. */
    private static int writeLength(int length, byte[] dst, int out) {
        if (length < 15) {
            return out;
        }
        int rest = length - 15;
        while (rest >= 255) {
            dst[out++] = (byte) 255;
            rest -= 255;
        }
        dst[out++] = (byte) rest;
        return out;
    }

    private static int readIntLE(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static void writeIntLE(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    /** xxHash32 with seed 0 of a short input (under 16 bytes): all the frame header needs. */
    static int xxHash32(byte[] data) {
        final int prime1 = 0x9E3779B1;
        final int prime2 = 0x85EBCA77;
        final int prime3 = 0xC2B2AE3D;
        final int prime4 = 0x27D4EB2F;
        final int prime5 = 0x165667B1;
        if (data.length >= 16) {
            throw new IllegalArgumentException("only short inputs are supported");
        }
        int h = prime5 + data.length;
        int i = 0;
        for (; i + 4 <= data.length; i += 4) {
            h += readIntLE(data, i) * prime3;
            h = Integer.rotateLeft(h, 17) * prime4;
        }
        for (; i < data.length; i++) {
            h += (data[i] & 0xff) * prime5;
            h = Integer.rotateLeft(h, 11) * prime1;
        }
        h ^= h >>> 15;
        h *= prime2;
        h ^= h >>> 13;
        h *= prime3;
        h ^= h >>> 16;
        return h;
    }
}

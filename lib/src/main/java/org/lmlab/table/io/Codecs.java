package org.lmlab.table.io;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.compression.Lz4CompressionCodec;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * The codecs lmlab reads and writes IPC buffers with: arrow-compression's ZSTD (zstd-jni), and
 * LZ4 frames compressed and decompressed by {@link Lz4Frame}.
 */
final class Codecs implements CompressionCodec.Factory {

    static final Codecs INSTANCE = new Codecs();

    private Codecs() {
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type) {
        return switch (type) {
            case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
            case LZ4_FRAME -> new FastLz4();
            default -> CommonsCompressionFactory.INSTANCE.createCodec(type);
        };
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
        return type == CompressionUtil.CodecType.ZSTD ? CommonsCompressionFactory.INSTANCE.createCodec(type, level)
                : createCodec(type);
    }

    /** Arrow's LZ4 frame codec with a fast compressor and decompressor. */
    private static final class FastLz4 extends Lz4CompressionCodec {
        @Override
        protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
            byte[] input = new byte[(int) uncompressed.writerIndex()];
            uncompressed.getBytes(0, input);
            byte[] frame = Lz4Frame.compress(input);
            long prefix = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
            ArrowBuf compressed = allocator.buffer(prefix + frame.length);
            compressed.setBytes(prefix, frame);
            compressed.writerIndex(prefix + frame.length);
            return compressed;
        }

        @Override
        protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
            long length = readUncompressedLength(compressed);
            long prefix = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
            long frameLength = compressed.writerIndex() - prefix;
            if (length > Integer.MAX_VALUE - 32 || frameLength > Integer.MAX_VALUE - 32) {
                return super.doDecompress(allocator, compressed);
            }
            // Spare bytes after both let the decoder copy eight bytes at a time up to the very end.
            byte[] frame = new byte[(int) frameLength + 16];
            compressed.getBytes(prefix, frame, 0, (int) frameLength);
            byte[] content = new byte[(int) length + 16];
            Lz4Frame.decompress(frame, 0, (int) frameLength, content, (int) length);
            ArrowBuf out = allocator.buffer(length);
            out.setBytes(0, content, 0, length);
            out.writerIndex(length);
            return out;
        }
    }
}

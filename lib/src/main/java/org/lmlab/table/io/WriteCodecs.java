package org.lmlab.table.io;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.compression.Lz4CompressionCodec;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * The codecs lmlab writes IPC buffers with: arrow-compression's ZSTD (zstd-jni), and LZ4 frames
 * compressed by {@link Lz4Frame} (decompression stays arrow-compression's).
 */
final class WriteCodecs implements CompressionCodec.Factory {

    static final WriteCodecs INSTANCE = new WriteCodecs();

    private WriteCodecs() {
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

    /** Arrow's LZ4 frame codec with a fast compressor. */
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
    }
}

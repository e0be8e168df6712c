package org.lmlab.table.io;

import org.apache.arrow.vector.compression.CompressionUtil;

/** Buffer compression for Arrow IPC and Feather files, as pyarrow's {@code compression=} names it. */
public enum Compression {
    NONE(CompressionUtil.CodecType.NO_COMPRESSION),
    LZ4(CompressionUtil.CodecType.LZ4_FRAME),
    ZSTD(CompressionUtil.CodecType.ZSTD);

    private final CompressionUtil.CodecType codec;

    Compression(CompressionUtil.CodecType codec) {
        this.codec = codec;
    }

    CompressionUtil.CodecType codec() {
        return codec;
    }
}

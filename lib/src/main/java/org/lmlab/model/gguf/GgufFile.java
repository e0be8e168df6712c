package org.lmlab.model.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file (versions 2 and 3, little-endian): metadata, tensor table, and tensor data read
 * through memory mappings. Tensor data is mapped per read in windows of whole blocks below 1 GiB,
 * so files (and tensors) larger than 2 GiB work.
 *
 * <p>Metadata values are Java objects: UINT8/INT8/UINT16/INT16/INT32 as {@link Integer}, UINT32,
 * INT64 and UINT64 as {@link Long} (UINT64 above {@code Long.MAX_VALUE} wraps negative), FLOAT32 as
 * {@link Float}, FLOAT64 as {@link Double}, BOOL as {@link Boolean}, STRING as {@link String},
 * ARRAY as an unmodifiable {@link List} of those.
 */
public final class GgufFile implements AutoCloseable {

    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    private static final long WINDOW = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, GgufValueType> metadataTypes;
    private final Map<String, GgufTensor> tensors;
    private final int alignment;
    private final long dataStart;

    private GgufFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        long size = channel.size();
        ByteBuffer head = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE));
        HeaderReader in = new HeaderReader(path, head, size);
        if (size < 4 || in.i32("magic") != MAGIC) {
            throw new GgufException(path + " is not a GGUF file (the first four bytes are not \"GGUF\")");
        }
        long v = in.u32("version");
        if (v == 2 || v == 3) {
            version = (int) v;
        } else if (Integer.reverseBytes((int) v) == 2 || Integer.reverseBytes((int) v) == 3) {
            throw new GgufException(path + " is a big-endian GGUF file; only little-endian files are supported");
        } else {
            throw new GgufException(path + " has GGUF version " + v + "; supported versions are 2 and 3");
        }
        long tensorCount = in.count("tensor count");
        long kvCount = in.count("metadata count");
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, GgufValueType> types = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("metadata key #" + i);
            GgufValueType type = in.valueType("metadata " + key);
            types.put(key, type);
            values.put(key, freeze(in.value(type, "metadata " + key)));
        }
        metadata = Collections.unmodifiableMap(values);
        metadataTypes = Collections.unmodifiableMap(types);
        alignment = alignmentOf(values.get("general.alignment"));
        List<long[]> layout = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<GgmlType> tensorTypes = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = in.string("name of tensor #" + i);
            long nDims = in.u32("dimension count of tensor " + name);
            if (nDims < 1 || nDims > 4) {
                throw new GgufException(path + ": tensor " + name + " has " + nDims + " dimensions (1 to 4 allowed)");
            }
            long[] dims = new long[(int) nDims + 1];
            for (int d = 0; d < nDims; d++) {
                dims[d] = in.count("dimension " + d + " of tensor " + name);
            }
            long typeId = in.u32("type of tensor " + name);
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) {
                throw new GgufException(path + ": tensor " + name + " has unknown ggml type " + typeId
                        + "; supported types are " + GgmlType.supportedList());
            }
            dims[(int) nDims] = in.count("data offset of tensor " + name);
            names.add(name);
            layout.add(dims);
            tensorTypes.add(type);
        }
        dataStart = align(in.position(), alignment);
        Map<String, GgufTensor> table = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            GgufTensor t = checkedTensor(names.get(i), layout.get(i), tensorTypes.get(i), size);
            if (table.put(t.name(), t) != null) {
                throw new GgufException(path + ": tensor " + t.name() + " appears twice in the tensor table");
            }
        }
        tensors = Collections.unmodifiableMap(table);
    }

    /** Opens and parses {@code path}; the caller closes it. */
    public static GgufFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new GgufException("GGUF file not found: " + path);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            return new GgufFile(path, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private GgufTensor checkedTensor(String name, long[] dimsAndOffset, GgmlType type, long fileSize) {
        long[] dims = Arrays.copyOf(dimsAndOffset, dimsAndOffset.length - 1);
        long offset = dimsAndOffset[dims.length];
        if (dims[0] % type.blockSize() != 0) {
            throw new GgufException(String.format("%s: tensor %s has rows of %d elements, not a multiple of the %s"
                    + " block size %d", path, name, dims[0], type, type.blockSize()));
        }
        long elements = 1;
        for (long d : dims) {
            elements = Math.multiplyExact(elements, d);
        }
        long bytes = type.bytesFor(elements);
        if (offset % alignment != 0) {
            throw new GgufException(path + ": tensor " + name + " starts at data offset " + offset
                    + ", not a multiple of the alignment " + alignment);
        }
        long start = dataStart + offset;
        if (start + bytes > fileSize) {
            throw new GgufException(String.format("%s is truncated: tensor %s needs bytes %d to %d, but the file"
                    + " ends at %d", path, name, start, start + bytes, fileSize));
        }
        return new GgufTensor(name, dims, type, start, bytes);
    }

    private int alignmentOf(Object value) {
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        long a = value instanceof Number ? ((Number) value).longValue() : -1;
        if (a <= 0 || Long.bitCount(a) != 1 || a > (1 << 20)) {
            throw new GgufException(path + ": general.alignment = " + value + " is not a power of two");
        }
        return (int) a;
    }

    private static Object freeze(Object value) {
        return value instanceof List ? Collections.unmodifiableList((List<?>) value) : value;
    }

    static long align(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public int alignment() {
        return alignment;
    }

    /** Absolute file offset where the tensor data section starts. */
    public long dataStart() {
        return dataStart;
    }

    /** All metadata in file order (see the class comment for the value types). */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The GGUF value type a key was stored with. */
    public Optional<GgufValueType> metadataType(String key) {
        return Optional.ofNullable(metadataTypes.get(key));
    }

    public Optional<Object> value(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** A string value; error naming the key when absent or of another type. */
    public String string(String key) {
        return typed(key, String.class);
    }

    /** An integer value of any width; error naming the key when absent or not an integer. */
    public long integer(String key) {
        Object v = metadata.get(key);
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw missing(key, "an integer", v);
    }

    public Optional<Long> optionalInteger(String key) {
        return metadata.containsKey(key) ? Optional.of(integer(key)) : Optional.empty();
    }

    /** A FLOAT32 or FLOAT64 value. */
    public Optional<Double> optionalReal(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Float || v instanceof Double) {
            return Optional.of(((Number) v).doubleValue());
        }
        throw missing(key, "a floating-point number", v);
    }

    public Optional<Boolean> optionalBool(String key) {
        return metadata.containsKey(key) ? Optional.of(typed(key, Boolean.class)) : Optional.empty();
    }

    /** An array value; error naming the key when absent or not an array. */
    public List<?> array(String key) {
        return typed(key, List.class);
    }

    private <T> T typed(String key, Class<T> type) {
        Object v = metadata.get(key);
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw missing(key, "a " + type.getSimpleName(), v);
    }

    private GgufException missing(String key, String expected, Object actual) {
        return new GgufException(path + ": metadata " + key + (actual == null ? " is missing"
                : " is " + metadataTypes.get(key) + ", expected " + expected));
    }

    /** Tensors in file order. */
    public List<GgufTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    public Optional<GgufTensor> findTensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** @throws IllegalArgumentException naming the tensor and the file when absent */
    public GgufTensor tensor(String name) {
        GgufTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + " in " + path);
        }
        return t;
    }

    /**
     * The tensor dequantised to F32, in ggml order (row-major, rows of {@code dims[0]} elements).
     *
     * @throws GgufException naming the tensor and its type when the type cannot be dequantised
     */
    public float[] dequantize(GgufTensor t) {
        if (!t.type().supported()) {
            throw new GgufException(path + ": tensor " + t.name() + " has type " + t.type()
                    + ", which lmlab cannot dequantise; supported types are " + GgmlType.supportedList());
        }
        if (t.elements() > Integer.MAX_VALUE - 8) {
            throw new GgufException(path + ": tensor " + t.name() + " has " + t.elements()
                    + " elements, more than one Java array holds");
        }
        float[] out = new float[(int) t.elements()];
        long blockBytes = t.type().typeSize();
        long window = WINDOW / blockBytes * blockBytes;
        int element = 0;
        try {
            for (long done = 0; done < t.bytes(); done += window) {
                long length = Math.min(window, t.bytes() - done);
                ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, t.fileOffset() + done, length)
                        .order(ByteOrder.LITTLE_ENDIAN);
                int blocks = (int) (length / blockBytes);
                Dequantizer.dequantize(t.type(), bytes, blocks, out, element);
                element += blocks * t.type().blockSize();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor " + t.name() + " of " + path, e);
        }
        return out;
    }

    /** Closes the file; buffers already returned stay valid. Idempotent. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing useful to do: the file was only read
            }
        }
    }

    @Override
    public String toString() {
        return "GGUF v" + version + " " + path + " (" + metadata.size() + " keys, " + tensors.size() + " tensors)";
    }
}

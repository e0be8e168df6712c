package org.lmlab.model.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lmlab.model.weights.HalfFloats;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header
 * (name → dtype, shape, data_offsets), then the raw little-endian data. Tensors are read through
 * a memory mapping of their own byte range, so files over 2 GiB work.
 */
final class SafetensorsFile implements AutoCloseable {

    /** Headers above this size are rejected as corrupt rather than allocated. */
    private static final long MAX_HEADER = 100L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, SafetensorsEntry> entries;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, SafetensorsEntry> entries) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    /**
     * Opens and validates {@code path}.
     *
     * @throws IllegalArgumentException naming the file (and the offset) when the header is
     *     malformed or the file is shorter than the header says
     */
    static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open safetensors file " + path, e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw bad(path, "file is " + size + " bytes, too short for the 8-byte header length at offset 0");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, len, 0);
            long headerLength = len.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw bad(path, "header length " + headerLength + " (read at offset 0) does not fit the file of "
                        + size + " bytes: truncated or not a safetensors file");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            Map<String, SafetensorsEntry> entries = parseHeader(path, json);
            long dataStart = 8 + headerLength;
            for (SafetensorsEntry e : entries.values()) {
                if (dataStart + e.end() > size) {
                    throw bad(path, "tensor " + e.name() + " ends at offset " + (dataStart + e.end())
                            + " but the file has only " + size + " bytes (truncated)");
                }
            }
            return new SafetensorsFile(path, channel, dataStart, entries);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot read safetensors file " + path, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Map<String, SafetensorsEntry> parseHeader(Path path, String json) {
        JsonObject root;
        try {
            root = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw bad(path, "header at offset 8 is not a JSON object: " + e.getMessage());
        }
        Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : root.entrySet()) {
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            String name = field.getKey();
            try {
                JsonObject t = field.getValue().getAsJsonObject();
                String dtype = t.get("dtype").getAsString();
                JsonArray shapeJson = t.getAsJsonArray("shape");
                long[] shape = new long[shapeJson.size()];
                long elements = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeJson.get(i).getAsLong();
                    elements *= shape[i];
                }
                JsonArray offsets = t.getAsJsonArray("data_offsets");
                long begin = offsets.get(0).getAsLong();
                long end = offsets.get(1).getAsLong();
                long expected = elements * elementBytes(path, name, dtype);
                if (begin < 0 || end - begin != expected) {
                    throw bad(path, "tensor " + name + " " + dtype + Arrays.toString(shape) + " needs " + expected
                            + " bytes but data_offsets are [" + begin + ", " + end + "]");
                }
                entries.put(name, new SafetensorsEntry(name, dtype, shape, begin, end));
            } catch (NullPointerException | IllegalStateException | UnsupportedOperationException
                    | IndexOutOfBoundsException e) {
                throw bad(path, "header entry for tensor " + name + " lacks dtype, shape or data_offsets");
            }
        }
        return entries;
    }

    private static int elementBytes(Path path, String name, String dtype) {
        switch (dtype) {
            case "F32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            default:
                throw bad(path, "tensor " + name + " has dtype " + dtype + "; only F32, F16 and BF16 are supported");
        }
    }

    Path path() {
        return path;
    }

    Map<String, SafetensorsEntry> entries() {
        return entries;
    }

    /** The tensor widened to F32 in a fresh heap buffer. */
    FloatBuffer read(SafetensorsEntry e) {
        ByteBuffer raw;
        try {
            raw = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot map tensor " + e.name() + " of " + path
                    + " at offset " + (dataStart + e.begin()), ex);
        }
        int n = Math.toIntExact((e.end() - e.begin()) / (e.dtype().equals("F32") ? 4 : 2));
        FloatBuffer out = FloatBuffer.allocate(n);
        if (e.dtype().equals("F32")) {
            out.put(raw.asFloatBuffer());
        } else {
            ShortBuffer halves = raw.asShortBuffer();
            boolean bf16 = e.dtype().equals("BF16");
            for (int i = 0; i < n; i++) {
                short s = halves.get(i);
                out.put(i, bf16 ? HalfFloats.bf16(s) : HalfFloats.f16(s));
            }
        }
        return out.rewind();
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at offset " + at);
            }
            at += n;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }

    private static IllegalArgumentException bad(Path path, String what) {
        return new IllegalArgumentException("safetensors file " + path + ": " + what);
    }
}

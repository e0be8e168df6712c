package org.lmlab.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where llama.cpp's Java binding (de.kherud:llama) unpacks its natives. On load it deletes
 * entries named {@code llama*} in that directory, so it must be one of its own, and it must exist.
 * Call {@link #prepare()} before the first use of {@code de.kherud.llama.LlamaModel}.
 */
public final class LlamaCppNatives {

    private static final String PROPERTY = "de.kherud.llama.tmpdir";

    private LlamaCppNatives() {
    }

    /** Creates the directory (the build sets it to target/llama-natives; default the same). */
    public static synchronized void prepare() {
        Path natives = Path.of(System.getProperty(PROPERTY, "target/llama-natives")).toAbsolutePath();
        try {
            System.setProperty(PROPERTY, Files.createDirectories(natives).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + natives + " for llama.cpp's natives", e);
        }
    }
}

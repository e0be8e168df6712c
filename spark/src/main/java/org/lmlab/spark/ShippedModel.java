package org.lmlab.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.engine.Precision;

/**
 * A model file shipped with {@code SparkContext.addFile} and how to load it ({@link LoadOptions} as plain values: the
 * record is not serializable).
 *
 * @param fileName the shipped file's (or directory's) name, what {@link SparkFiles#get} resolves
 * @param driverPath where the driver read it from (for messages)
 */
record ShippedModel(String fileName, String driverPath, String device, int contextLength, String precision)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    static ShippedModel of(Path file, LoadOptions options) {
        return new ShippedModel(file.getFileName().toString(), file.toAbsolutePath().toString(), options.device(),
                options.contextLength(), options.precision().name());
    }

    LoadOptions options() {
        return new LoadOptions(device, contextLength, Precision.valueOf(precision));
    }

    /**
     * This executor's copy of the model file.
     *
     * @throws IllegalStateException naming the file when the copy is missing
     */
    Path local() {
        return shipped(fileName, "model file", driverPath);
    }

    /** The executor's copy of a file the driver added with {@code addFile}, refused with a clear error when missing. */
    static Path shipped(String fileName, String what, String driverPath) {
        Path local = Path.of(SparkFiles.get(fileName));
        if (!Files.exists(local)) {
            SparkEnv env = SparkEnv.get();
            throw new IllegalStateException("the " + what + " " + fileName + " (" + driverPath + " on the driver) is "
                    + "missing on executor " + (env == null ? "?" : env.executorId()) + " (looked for " + local
                    + ", where SparkContext.addFile puts it); ship it from the driver with SparkContext.addFile");
        }
        return local;
    }
}

package org.lmlab.model;

import org.lmlab.model.engine.Precision;

/**
 * How {@link LanguageModel#load(String, LoadOptions, org.lmlab.progress.Progress)} places a
 * model: {@code %model load}'s options.
 *
 * @param device        "cpu", "gpu", "gpu:N" or "auto"
 * @param contextLength positions an input may use; 0 means the trained context from the config
 * @param precision     type of the weight matrices and their products
 */
public record LoadOptions(String device, int contextLength, Precision precision) {

    public LoadOptions {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("a device is required: cpu, gpu, gpu:N or auto");
        }
        if (contextLength < 0) {
            throw new IllegalArgumentException(
                    "the context length must be positive (or 0 for the trained context), not " + contextLength);
        }
        if (precision == null) {
            throw new IllegalArgumentException("a precision is required: f32 or f16");
        }
    }

    /** The positions a model with {@code config} gets: the asked-for context, else the trained one. */
    public int contextFor(LlamaConfig config) {
        return contextLength > 0 ? contextLength : config.contextLength();
    }

    /** CPU, the trained context, F32. */
    public static LoadOptions defaults() {
        return new LoadOptions("cpu", 0, Precision.F32);
    }

    public LoadOptions withDevice(String d) {
        return new LoadOptions(d, contextLength, precision);
    }

    public LoadOptions withContextLength(int n) {
        return new LoadOptions(device, n, precision);
    }

    public LoadOptions withPrecision(Precision p) {
        return new LoadOptions(device, contextLength, p);
    }
}

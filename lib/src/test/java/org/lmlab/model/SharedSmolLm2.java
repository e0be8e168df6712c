package org.lmlab.model;

import org.lmlab.progress.Progress;

/**
 * The bundled SmolLM2 loaded once per test JVM, for tests that only read it: they may make views
 * ({@link LanguageModel#with}) but must not change its method ({@code use}) or close it. Its native
 * memory goes with the JVM.
 */
public final class SharedSmolLm2 {

    private static LanguageModel model;

    private SharedSmolLm2() {
    }

    public static synchronized LanguageModel get() {
        if (model == null) {
            model = LanguageModel.load("smollm2-135m", "cpu", Progress.NONE);
        }
        return model;
    }
}

package org.lmlab.model.extrapolation.passkey;

import org.lmlab.model.gguf.BundledModel;
import org.lmlab.model.gguf.GgufFile;
import org.lmlab.model.tokenizer.GgufTokenizer;
import org.lmlab.model.tokenizer.TextTokenizer;

/** The bundled SmolLM2 GGUF's tokenizer, read once (its metadata only; no weights are loaded). */
final class BundledTokenizer {

    private static TextTokenizer tokenizer;

    private BundledTokenizer() {
    }

    static synchronized TextTokenizer get() {
        if (tokenizer == null) {
            try (GgufFile file = GgufFile.open(BundledModel.path())) {
                tokenizer = GgufTokenizer.from(file);
            }
        }
        return tokenizer;
    }
}

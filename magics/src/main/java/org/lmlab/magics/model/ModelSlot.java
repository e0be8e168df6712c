package org.lmlab.magics.model;

import java.util.Optional;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.LanguageModel;

/**
 * The session's loaded model, shared by {@code %model}, {@code %generate}, {@code %perplexity} and
 * {@code %extrapolate}.
 * One model at a time: loading another frees the previous one's native memory first.
 */
public final class ModelSlot {

    private LanguageModel model;

    /** The loaded model, if any, for magics that read its facts (head size, base, context). */
    public synchronized Optional<LanguageModel> loaded() {
        return Optional.ofNullable(model);
    }

    synchronized LanguageModel current() throws MagicUsageException {
        if (model == null) {
            throw new MagicUsageException("no model is loaded; load one first", "%model load smollm2-135m");
        }
        return model;
    }

    synchronized void replace(LanguageModel next) {
        unload();
        model = next;
    }

    /** @return whether a model was loaded */
    synchronized boolean unload() {
        if (model == null) {
            return false;
        }
        model.close();
        model = null;
        return true;
    }
}

package org.lmlab.model.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * llama.cpp (de.kherud:llama 4.2.0, build b4916) on the same GGUF, as the outside reference.
 * Limits of that binding, found by reading its JNI code and running it: prompts are strings
 * (we inject a token-id array, which the llama.cpp server accepts, into its JSON parameters),
 * generated tokens come back as text only, and asking for n_probs aborts the JVM (its JNI reads a
 * "probs" key the server no longer writes) — so llama.cpp gives us greedy text, not logits.
 */
final class LlamaCpp implements AutoCloseable {

    private final LlamaModel model;

    LlamaCpp(Path gguf, int contextLength, int threads) {
        org.lmlab.reference.LlamaCppNatives.prepare();
        LlamaModel.setLogger(null, (level, message) -> {});
        model = new LlamaModel(new ModelParameters().setModel(gguf.toString()).setCtxSize(contextLength)
                .setThreads(threads).setThreadsBatch(threads).setGpuLayers(0));
    }

    /** llama.cpp's tokenisation of {@code text} (no BOS: SmolLM2 does not add one). */
    int[] encode(String text) {
        return model.encode(text);
    }

    String decode(int[] ids) {
        return model.decode(ids);
    }

    /** Greedy continuation of token ids, as text (temperature 0: argmax of the raw logits). */
    String greedy(int[] prompt, int newTokens) {
        InferenceParameters p = new InferenceParameters("").setNPredict(newTokens).setTemperature(0)
                .setCachePrompt(false);
        setRaw(p, "prompt", idsJson(prompt));
        StringBuilder text = new StringBuilder();
        for (LlamaOutput o : model.generate(p)) {
            text.append(o.text);
        }
        return text.toString();
    }

    static String idsJson(int[] ids) {
        return Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** Puts raw JSON under {@code key} in the binding's request (its setters only take strings). */
    @SuppressWarnings("unchecked")
    static void setRaw(InferenceParameters p, String key, String json) {
        try {
            Field f = Class.forName("de.kherud.llama.JsonParameters").getDeclaredField("parameters");
            f.setAccessible(true);
            ((Map<String, String>) f.get(p)).put(key, json);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("de.kherud:llama changed: cannot set a token-id prompt", e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}

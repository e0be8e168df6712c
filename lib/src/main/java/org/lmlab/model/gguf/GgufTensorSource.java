package org.lmlab.model.gguf;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.weights.TensorInfo;
import org.lmlab.model.weights.TensorSource;

/**
 * The tensors of a GGUF file under Hugging Face names, dequantised to F32 on read, with llama.cpp's
 * q_proj/k_proj row permutation undone for the {@code llama} architecture (Qwen2 files are not
 * permuted by the converter).
 */
public final class GgufTensorSource implements TensorSource {

    private final GgufFile file;
    private final LlamaConfig config;
    private final Map<String, GgufTensor> byName = new LinkedHashMap<>();

    public GgufTensorSource(GgufFile file) {
        this.file = file;
        this.config = GgufConfig.of(file);
        for (GgufTensor t : file.tensors()) {
            byName.put(GgufNames.toHuggingFace(t.name()), t);
        }
    }

    /** Opens {@code path}; closing the source closes the file. */
    public static GgufTensorSource open(Path path) {
        GgufFile file = GgufFile.open(path);
        try {
            return new GgufTensorSource(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public GgufFile file() {
        return file;
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public List<String> tensorNames() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public TensorInfo info(String name) {
        GgufTensor t = gguf(name);
        return new TensorInfo(name, t.shape(), t.type().name(), t.bytes());
    }

    @Override
    public FloatBuffer read(String name) {
        GgufTensor t = gguf(name);
        float[] data = file.dequantize(t);
        int heads = permutedHeads(name);
        if (heads > 0) {
            long[] shape = t.shape();
            int rows = Math.toIntExact(shape[0]);
            data = QkPermutation.toHuggingFace(data, rows, data.length / rows, heads);
        }
        return FloatBuffer.wrap(data);
    }

    /** Heads to un-permute for this tensor, or 0 when it is stored in Hugging Face order. */
    private int permutedHeads(String name) {
        if (!"llama".equals(config.architecture())) {
            return 0;
        }
        if (name.contains(".self_attn.q_proj.")) {
            return config.heads();
        }
        if (name.contains(".self_attn.k_proj.")) {
            return config.kvHeads();
        }
        return 0;
    }

    private GgufTensor gguf(String name) {
        GgufTensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name + " in " + file.path());
        }
        return t;
    }

    @Override
    public void close() {
        file.close();
    }
}

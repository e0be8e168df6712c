package org.lmlab.model.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.llama.WeightLayout;
import org.lmlab.model.weights.TensorInfo;
import org.lmlab.model.weights.TensorSource;

/**
 * A Hugging Face model directory: {@code config.json} plus one or more {@code *.safetensors}
 * files ({@code model.safetensors.index.json} lists the shards when there are several). F16 and
 * BF16 tensors are widened to F32 on read (BF16 arrays on DJL's CPU engine are unsafe).
 */
public final class SafetensorsTensorSource implements TensorSource {

    private final Path directory;
    private final LlamaConfig config;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
    private final Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
    private final List<String> names;
    private boolean closed;

    private SafetensorsTensorSource(Path directory, LlamaConfig config, List<SafetensorsFile> files) {
        this.directory = directory;
        this.config = config;
        this.files = files;
        for (SafetensorsFile f : files) {
            for (SafetensorsEntry e : f.entries().values()) {
                if (entries.putIfAbsent(e.name(), e) != null) {
                    throw new IllegalArgumentException(
                            "tensor " + e.name() + " appears in " + fileOf.get(e.name()).path() + " and in " + f.path());
                }
                fileOf.put(e.name(), f);
            }
        }
        names = List.copyOf(entries.keySet());
    }

    /**
     * Opens {@code directory} and checks every tensor against {@code config.json}.
     *
     * @throws IllegalArgumentException naming the file, tensor, and expected/actual shape on a
     *     mismatch, or the file and offset of a truncated file
     */
    public static SafetensorsTensorSource open(Path directory) {
        Path configFile = directory.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(directory + ": no config.json (expected a Hugging Face model directory)");
        }
        LlamaConfig config = HfConfig.read(configFile);
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            for (Path p : shardPaths(directory)) {
                files.add(SafetensorsFile.open(p));
            }
            SafetensorsTensorSource source = new SafetensorsTensorSource(directory, config, files);
            WeightLayout.check(source, directory.toString());
            return source;
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** Shards named by the index file, else every {@code *.safetensors} in name order. */
    private static List<Path> shardPaths(Path directory) {
        Path index = directory.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            Set<String> names = new LinkedHashSet<>();
            try {
                JsonObject map = JsonParser.parseString(Files.readString(index)).getAsJsonObject()
                        .getAsJsonObject("weight_map");
                for (Map.Entry<String, JsonElement> e : map.entrySet()) {
                    names.add(e.getValue().getAsString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + index, e);
            } catch (JsonParseException | IllegalStateException | NullPointerException e) {
                throw new IllegalArgumentException(index + ": expected {\"weight_map\": {tensor: file}}", e);
            }
            List<Path> paths = new ArrayList<>();
            for (String name : names) {
                Path p = directory.resolve(name);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException(index + " names shard " + name + ", which does not exist");
                }
                paths.add(p);
            }
            return paths;
        }
        try (Stream<Path> list = Files.list(directory)) {
            List<Path> paths = list.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                    .sorted().toList();
            if (paths.isEmpty()) {
                throw new IllegalArgumentException(directory + ": no *.safetensors files");
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public List<String> tensorNames() {
        return names;
    }

    @Override
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    @Override
    public FloatBuffer read(String name) {
        SafetensorsEntry e = entry(name);
        if (closed) {
            throw new IllegalStateException(directory + " is closed");
        }
        return fileOf.get(name).read(e);
    }

    private SafetensorsEntry entry(String name) {
        SafetensorsEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no tensor " + name + " in " + directory);
        }
        return e;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            files.forEach(SafetensorsFile::close);
        }
    }
}

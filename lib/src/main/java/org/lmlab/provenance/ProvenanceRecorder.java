package org.lmlab.provenance;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.progress.Progress;
import org.lmlab.table.Table;

/**
 * A session's provenance as it goes: the notebook's parameters, the dataset files and model it
 * read, the seeds it used, and the call now running. Magics feed it (the kernel and
 * {@code lmlab run} share {@link #shared()}); plain Java code may feed its own and
 * {@link #attach} the result to its tables. Files are recorded by path and hashed only when a
 * record is made, once per file version ({@link FileHashes}).
 */
public final class ProvenanceRecorder {

    /**
     * Environment variable through which a launcher that starts the kernel in another process
     * ({@code lmlab report}) passes the notebook's injected parameters: a JSON object of NAME to TEXT.
     */
    public static final String PARAMETERS_ENV = "LMLAB_PARAMETERS";

    private static final ProvenanceRecorder SHARED = new ProvenanceRecorder(FileHashes.shared())
            .parameters(parametersFromEnvironment(System.getenv(PARAMETERS_ENV)));

    private final FileHashes hashes;
    private final Set<Path> datasets = new LinkedHashSet<>();
    private final Map<String, Long> seeds = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private LanguageModel model;
    private String command;
    private Instant start = Instant.now();

    public ProvenanceRecorder(FileHashes hashes) {
        this.hashes = hashes;
    }

    /** The recorder of this process's session (one kernel or {@code lmlab run} per JVM). */
    public static ProvenanceRecorder shared() {
        return SHARED;
    }

    /** Replaces the notebook's parameters (name to the text given, as {@code --param NAME=VALUE}). */
    public synchronized ProvenanceRecorder parameters(Map<String, String> values) {
        parameters.clear();
        parameters.putAll(values);
        return this;
    }

    /**
     * Notes a dataset the session read (hashed when a record is made): a file, or a directory
     * whose files (not its subdirectories) are the dataset.
     */
    public synchronized ProvenanceRecorder dataset(Path file) {
        datasets.add(file.toAbsolutePath().normalize());
        return this;
    }

    /** As {@link #dataset} for each path given; nulls (options not given) are skipped. */
    public synchronized ProvenanceRecorder datasets(Path... files) {
        for (Path file : files) {
            if (file != null) {
                dataset(file);
            }
        }
        return this;
    }

    /** {@code parameters} as the value of {@link #PARAMETERS_ENV}. */
    public static String parametersToEnvironment(Map<String, String> parameters) {
        return new Gson().toJson(parameters);
    }

    /** The parameters a {@link #PARAMETERS_ENV} value holds; none when it is absent or not a JSON object of texts. */
    static Map<String, String> parametersFromEnvironment(String value) {
        if (value == null || value.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> parsed = new Gson().fromJson(value,
                    new TypeToken<LinkedHashMap<String, String>>() { }.getType());
            return parsed == null ? Map.of() : parsed;
        } catch (RuntimeException e) { // a stray variable must not stop the kernel
            return Map.of();
        }
    }

    /** Notes a seed; a later seed of the same name replaces it. */
    public synchronized ProvenanceRecorder seed(String name, long value) {
        seeds.put(name, value);
        return this;
    }

    /** Makes {@code loaded} the session's model; its active extrapolation method is read when a record is made. */
    public synchronized ProvenanceRecorder model(LanguageModel loaded) {
        model = loaded;
        return this;
    }

    /** Marks the start of a call (a magic line): its text and start time go into the records made until the next call. */
    public synchronized ProvenanceRecorder begin(String call) {
        command = call;
        start = Instant.now();
        return this;
    }

    /** The session's record now, hashing files not hashed before (progress for big ones). */
    public Provenance snapshot(Progress progress) {
        List<Path> files;
        LanguageModel current;
        Provenance.Builder builder = Provenance.builder();
        synchronized (this) {
            files = List.copyOf(datasets);
            current = model;
            builder.command(command).start(start).seeds(new LinkedHashMap<>(seeds)).parameters(new LinkedHashMap<>(parameters));
        }
        List<FileHash> hashed = new ArrayList<>();
        for (Path file : files) {
            hashed.addAll(hashAll(file, progress));
        }
        builder.datasets(hashed);
        if (current != null) {
            builder.model(describe(current, progress));
        }
        DjlRuntime.startedPytorchVersion().ifPresent(v -> builder.library("pytorch", v));
        return builder.end(Instant.now()).build();
    }

    /**
     * Attaches the session's record to {@code table} as schema metadata {@link Provenance#METADATA_KEY},
     * unless the table already carries one (a table read from a file keeps the record it was saved with).
     *
     * @return the table
     */
    public Table attach(Table table, Progress progress) {
        if (!table.metadata().containsKey(Provenance.METADATA_KEY)) {
            table.annotate(snapshot(progress).metadata());
        }
        return table;
    }

    /** The file's digest, or those of a directory's files by name; nothing for a path that is gone. */
    private List<FileHash> hashAll(Path path, Progress progress) {
        List<FileHash> files = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            files.add(hashes.hash(path, progress));
        } else if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                for (Path file : listing.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(hashes.hash(file, progress));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path + " for provenance: " + e.getMessage(), e);
            }
        }
        return files;
    }

    private ModelInfo describe(LanguageModel loaded, Progress progress) {
        Path path = loaded.path();
        List<FileHash> files = hashAll(path, progress);
        String method;
        try {
            method = String.valueOf(loaded.method());
        } catch (RuntimeException e) {
            method = "unknown (" + e.getMessage() + ")";
        }
        return new ModelInfo(loaded.name(), path.toAbsolutePath().toString(), files, method);
    }
}

package org.lmlab.provenance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What produced a result: software versions, inputs (dataset and model file hashes), seeds,
 * parameters, timing and machine. Serialised as JSON under the Arrow schema metadata key
 * {@link #METADATA_KEY} of result tables, so pyarrow and pandas users can read it back.
 *
 * @param lmlabVersion lmlab's version
 * @param gitCommit    lmlab's commit when it runs from a git checkout, else null
 * @param libraries    versions of java, djl, pytorch (once loaded), arrow, duckdb
 * @param command      the magic call (or Java step) that made the result, or null
 * @param datasets     dataset files read in the session, with SHA-256
 * @param model        the session's model, or null when none is loaded
 * @param seeds        random seeds by the option or call that used them
 * @param parameters   the notebook's injected parameters ({@code lmlab run --param}), by name
 * @param start        when the work began (ISO-8601 UTC)
 * @param end          when it ended
 * @param machine      where it ran
 */
public record Provenance(String lmlabVersion, String gitCommit, Map<String, String> libraries, String command,
        List<FileHash> datasets, ModelInfo model, Map<String, Long> seeds, Map<String, String> parameters,
        String start, String end, Machine machine) {

    /** The schema metadata key holding the JSON. */
    public static final String METADATA_KEY = "lmlab.provenance";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting()
            .create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    public Provenance {
        libraries = Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
        datasets = List.copyOf(datasets);
        seeds = Collections.unmodifiableMap(new LinkedHashMap<>(seeds));
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Builds one from parts; {@link ProvenanceRecorder} fills it from a session. */
    public static Builder builder() {
        return new Builder();
    }

    /** Compact JSON (one line), as stored in schema metadata. */
    public String toJson() {
        return COMPACT.toJson(this);
    }

    /** Indented JSON, for people. */
    public String toPrettyJson() {
        return GSON.toJson(this);
    }

    /**
     * Parses {@link #toJson()}'s output.
     *
     * @throws IllegalArgumentException when the text is not a provenance record
     */
    public static Provenance fromJson(String json) {
        Provenance p;
        try {
            p = COMPACT.fromJson(json, Provenance.class);
        } catch (RuntimeException e) { // Gson's parse errors, and a record it cannot build (missing maps)
            throw new IllegalArgumentException("not an lmlab provenance record (" + e.getMessage() + "): "
                    + abbreviate(json), e);
        }
        if (p == null || p.lmlabVersion() == null) {
            throw new IllegalArgumentException("not an lmlab provenance record: " + abbreviate(json));
        }
        return p;
    }

    /** The schema metadata entry holding this record. */
    public Map<String, String> metadata() {
        return Map.of(METADATA_KEY, toJson());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Collects a record's parts; versions and machine default to this process's. */
    public static final class Builder {
        private final Versions versions = Versions.current();
        private final Map<String, String> libraries = new LinkedHashMap<>(versions.libraries());
        private String command;
        private List<FileHash> datasets = List.of();
        private ModelInfo model;
        private Map<String, Long> seeds = Map.of();
        private Map<String, String> parameters = Map.of();
        private Instant start = Instant.now();
        private Instant end;
        private Machine machine = Machine.current();

        public Builder library(String name, String version) {
            libraries.put(name, version);
            return this;
        }

        public Builder command(String command) {
            this.command = command;
            return this;
        }

        public Builder datasets(List<FileHash> datasets) {
            this.datasets = datasets;
            return this;
        }

        public Builder model(ModelInfo model) {
            this.model = model;
            return this;
        }

        public Builder seeds(Map<String, Long> seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder parameters(Map<String, String> parameters) {
            this.parameters = parameters;
            return this;
        }

        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        public Builder machine(Machine machine) {
            this.machine = machine;
            return this;
        }

        public Provenance build() {
            Instant finished = end == null ? Instant.now() : end;
            return new Provenance(versions.lmlab(), versions.gitCommit(), libraries, command, datasets, model, seeds,
                    parameters, start.toString(), finished.toString(), machine);
        }
    }
}

package org.lmlab.model.extrapolation.sweep;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableBuilder;

/**
 * A long run's results, one JSON Lines row per finished cell, appended durably: a sweep's grid
 * ({@link Plan#of(SweepGrid)}) or any other work split into keyed cells ({@link Plan}, e.g. the
 * samples of {@code %lengths sample}). Line 1 is a header ({@code lmlab_sweep} format 1,
 * {@code lmlab_version}, the {@code kind} of work, its settings' {@code fingerprint} and
 * {@code definition}, {@code columns} with their types); each later line is one row
 * ({@code cell} index, {@code key}, then a value per column). Every line is a JSON object whose last
 * member is {@code "crc32"}: the CRC-32 (8 hex digits) of the line's UTF-8 bytes as written without
 * that member, so any JSON Lines reader can read the file, and a half-written line is detected.
 *
 * <p>The header is written to a temporary sibling, forced to disk and renamed into place, so a file
 * either has a whole header or does not exist. Each row is written, then forced ({@code fsync})
 * before {@link #append} returns. On {@link #resume}: the fingerprint must equal the grid's; a last
 * line that is cut short or fails its check (a crash mid-write) is cut off and reported; a bad line
 * followed by good ones is corruption and is refused, naming the file and line; so are a row for a
 * cell not in the plan and a cell written twice. While open, the file is locked, so two runs cannot
 * append to it at once.
 */
public final class ResultsFile implements AutoCloseable {

    /** The format written in the header's {@code lmlab_sweep}. */
    public static final int FORMAT = 1;
    /** lmlab's version, written in the header (the kernel reports the same in kernel_info). */
    public static final String LMLAB_VERSION = "0.1.0";

    private static final String CRC_KEY = ",\"crc32\":\"";
    private static final int CRC_SUFFIX = CRC_KEY.length() + 8 + 2; // ,"crc32":"xxxxxxxx"}

    /**
     * What a results file is written for.
     *
     * @param kind        the work, as messages name it ("sweep", "sampling run")
     * @param settings    what its settings are called in messages ("grid", "setup")
     * @param fingerprint identifies the settings: a file is resumed only with the same one
     * @param definition  the settings, readable (shown when fingerprints differ)
     * @param keys        each cell's key, in cell-index order
     */
    public record Plan(String kind, String settings, String fingerprint, String definition, List<String> keys) {
        public Plan {
            keys = List.copyOf(keys);
        }

        /** A sweep's grid: its cells' keys in grid order. */
        public static Plan of(SweepGrid grid) {
            return new Plan("sweep", "grid", grid.fingerprint(), grid.definition(),
                    grid.cells().stream().map(SweepGrid.Cell::key).toList());
        }
    }

    /**
     * One finished cell as stored.
     *
     * @param cell   the cell's index in the grid's order
     * @param key    the cell's key ({@link SweepGrid.Cell#key()})
     * @param values a value per column, in column order (Long, Double, String, Boolean or null)
     */
    public record Row(int cell, String key, Map<String, Object> values) {
        public Row {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    private final Path path;
    private final String fingerprint;
    private final List<ColumnSchema> columns;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<Row> rows;
    private final Map<Integer, Row> byCell = new HashMap<>();
    private final String repaired;

    private ResultsFile(Path path, String fingerprint, List<ColumnSchema> columns, FileChannel channel, FileLock lock,
            List<Row> rows, String repaired) {
        this.path = path;
        this.fingerprint = fingerprint;
        this.columns = List.copyOf(columns);
        this.channel = channel;
        this.lock = lock;
        this.rows = new ArrayList<>(rows);
        for (Row r : rows) {
            byCell.put(r.cell(), r);
        }
        this.repaired = repaired;
    }

    /**
     * Creates {@code path} with a header for {@code grid} and {@code columns} (every column of a row).
     *
     * @throws IllegalArgumentException when the file exists (resume it, or choose another path)
     */
    public static ResultsFile create(Path path, SweepGrid grid, List<ColumnSchema> columns) {
        return create(path, Plan.of(grid), columns);
    }

    /**
     * Creates {@code path} with a header for {@code plan} and {@code columns} (every column of a row).
     *
     * @throws IllegalArgumentException when the file exists (resume it, or choose another path)
     */
    public static ResultsFile create(Path path, Plan plan, List<ColumnSchema> columns) {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new IllegalArgumentException("results file " + path + " already exists: resume it (--resume) or "
                    + "choose another path; nothing was written");
        }
        Path dir = absolute.getParent();
        JsonObject header = new JsonObject();
        header.addProperty("lmlab_sweep", FORMAT);
        header.addProperty("lmlab_version", LMLAB_VERSION);
        header.addProperty("kind", plan.kind());
        header.addProperty("fingerprint", plan.fingerprint());
        header.addProperty("definition", plan.definition());
        JsonArray cols = new JsonArray();
        for (ColumnSchema c : columns) {
            JsonObject o = new JsonObject();
            o.addProperty("name", c.name());
            o.addProperty("type", c.type().displayName());
            cols.add(o);
        }
        header.add("columns", cols);
        try {
            Files.createDirectories(dir); // as %train lm --out does: a new run's folder is made for it
            Path temporary = Files.createTempFile(dir, "." + absolute.getFileName(), ".partial");
            try {
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    writeFully(out, line(header));
                    out.force(true);
                }
                try {
                    Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, absolute);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            forceDirectory(dir);
            FileChannel channel = FileChannel.open(absolute, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new ResultsFile(path, plan.fingerprint(), columns, channel, lock(channel, path, plan.kind()),
                    List.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("results file " + path + ": cannot create it: " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code path} to continue {@code grid}: checks the header, cuts off a torn last line
     * (reported by {@link #repaired()}), and loads the rows already written.
     *
     * @throws IllegalArgumentException when the file belongs to another grid or is corrupt before its last line
     */
    public static ResultsFile resume(Path path, SweepGrid grid, List<ColumnSchema> columns) {
        return resume(path, Plan.of(grid), columns);
    }

    /**
     * Opens {@code path} to continue {@code plan}: checks the header, cuts off a torn last line
     * (reported by {@link #repaired()}), and loads the rows already written.
     *
     * @throws IllegalArgumentException when the file belongs to other settings or is corrupt before its last line
     */
    public static ResultsFile resume(Path path, Plan plan, List<ColumnSchema> columns) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("results file " + path + " does not exist: nothing to resume (run "
                    + "without --resume to start it)");
        }
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                FileLock lock = lock(channel, path, plan.kind());
                Contents c = parse(path, Files.readAllBytes(path), plan);
                if (!c.fingerprint().equals(plan.fingerprint())) {
                    String settings = plan.settings();
                    throw new IllegalArgumentException("results file " + path + " belongs to another " + settings
                            + " (fingerprint " + c.fingerprint().substring(0, 12) + "):\n"
                            + c.definition().strip().indent(2) + "this " + plan.kind() + "'s " + settings
                            + " (fingerprint " + plan.fingerprint().substring(0, 12) + ") is:\n"
                            + plan.definition().strip().indent(2) + "resume with the " + settings
                            + " that wrote it, or write to another file; the file is unchanged");
                }
                if (!c.columns().equals(columns)) {
                    throw new IllegalArgumentException("results file " + path + " has columns " + names(c.columns())
                            + ", this " + plan.kind() + " writes " + names(columns) + "; the file is unchanged");
                }
                String repaired = null;
                if (c.goodLength() < channel.size()) {
                    repaired = "results file " + path + ": dropped " + c.dropped() + " (" + (channel.size()
                            - c.goodLength()) + " bytes after the last good row, a write cut short); "
                            + c.rows().size() + " rows kept";
                    channel.truncate(c.goodLength());
                    channel.force(true);
                }
                channel.position(channel.size());
                return new ResultsFile(path, c.fingerprint(), columns, channel, lock, c.rows(), repaired);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("results file " + path + ": cannot open it: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code path} without changing it (a torn last line is left out, as on resume).
     *
     * @throws IllegalArgumentException when it is corrupt before its last line
     */
    public static Contents read(Path path) {
        try {
            return parse(path, Files.readAllBytes(path), null);
        } catch (IOException e) {
            throw new UncheckedIOException("results file " + path + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /**
     * {@code rows} as a table with {@code columns}, in cell order (the order of the plan, whatever the
     * order the cells finished in).
     */
    public static Table table(BufferAllocator allocator, String source, List<ColumnSchema> columns, List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(Row::cell));
        TableBuilder b = Table.builder(allocator, source);
        for (ColumnSchema c : columns) {
            List<Object> cells = new ArrayList<>(sorted.size());
            for (Row r : sorted) {
                cells.add(r.values().get(c.name()));
            }
            b.column(c, cells);
        }
        return b.build();
    }

    /**
     * What a results file holds.
     *
     * @param goodLength bytes up to the end of the last good line
     * @param dropped    what follows it, described ("" when nothing)
     */
    public record Contents(String fingerprint, String definition, String lmlabVersion, List<ColumnSchema> columns,
            List<Row> rows, long goodLength, String dropped) {}

    private static Contents parse(Path path, byte[] bytes, Plan plan) {
        String kind = plan == null ? "lmlab" : plan.kind();
        List<int[]> lines = new ArrayList<>(); // [start, end) without the newline
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(new int[] {start, i});
                start = i + 1;
            }
        }
        boolean torn = start < bytes.length;
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("results file " + path + " has no header line"
                    + (torn ? " (it holds " + (bytes.length - start) + " bytes without a newline)" : " (it is empty)")
                    + "; it is not " + article(kind) + " results file");
        }
        JsonObject header = checked(bytes, lines.get(0));
        if (header == null || !header.has("lmlab_sweep") || !header.has("fingerprint")) {
            throw new IllegalArgumentException("results file " + path + ":1: not " + article(kind) + " results header "
                    + "(expected a JSON object with lmlab_sweep, fingerprint and crc32)");
        }
        if (header.get("lmlab_sweep").getAsInt() != FORMAT) {
            throw new IllegalArgumentException("results file " + path + ":1: format " + header.get("lmlab_sweep")
                    + ", this lmlab reads format " + FORMAT);
        }
        List<ColumnSchema> columns = new ArrayList<>();
        for (JsonElement e : header.getAsJsonArray("columns")) {
            JsonObject o = e.getAsJsonObject();
            columns.add(ColumnSchema.of(o.get("name").getAsString(), type(o.get("type").getAsString(), path)));
        }
        String fingerprint = header.get("fingerprint").getAsString();
        List<String> keys = plan != null && fingerprint.equals(plan.fingerprint()) ? plan.keys() : null;
        List<Row> rows = new ArrayList<>();
        Map<Integer, Integer> lineOfCell = new HashMap<>();
        long good = lines.get(0)[1] + 1L;
        String dropped = torn ? "a last line of " + (bytes.length - start) + " bytes without a newline" : "";
        for (int l = 1; l < lines.size(); l++) {
            int lineNumber = l + 1;
            JsonObject o = checked(bytes, lines.get(l));
            if (o == null) {
                if (l == lines.size() - 1) {
                    dropped = "line " + lineNumber + ", which fails its CRC-32 or is not JSON" + (torn ? ", and "
                            + dropped : "");
                    break;
                }
                throw new IllegalArgumentException("results file " + path + ":" + lineNumber + ": the row fails its "
                        + "CRC-32 check (or is not JSON) but rows follow it: the file is corrupt in the middle, not cut "
                        + "short by a crash; restore it from a copy or start a new file. Nothing was changed");
            }
            Row row = row(o, columns, path, lineNumber);
            Integer earlier = lineOfCell.put(row.cell(), lineNumber);
            if (earlier != null) {
                throw new IllegalArgumentException("results file " + path + ":" + lineNumber + ": cell " + row.cell()
                        + " (" + row.key() + ") was already written at line " + earlier + "; the file is corrupt");
            }
            if (keys != null) {
                if (row.cell() < 0 || row.cell() >= keys.size() || !keys.get(row.cell()).equals(row.key())) {
                    throw new IllegalArgumentException("results file " + path + ":" + lineNumber + ": cell "
                            + row.cell() + " (" + row.key() + ") is not in this " + plan.settings()
                            + " at that index; the file is corrupt");
                }
            }
            rows.add(row);
            good = lines.get(l)[1] + 1L;
        }
        return new Contents(fingerprint, header.has("definition") ? header.get("definition").getAsString() : "",
                header.has("lmlab_version") ? header.get("lmlab_version").getAsString() : "", columns, rows, good,
                dropped);
    }

    private static Row row(JsonObject o, List<ColumnSchema> columns, Path path, int line) {
        try {
            int cell = o.get("cell").getAsInt();
            String key = o.get("key").getAsString();
            Map<String, Object> values = new LinkedHashMap<>();
            for (ColumnSchema c : columns) {
                JsonElement e = o.get(c.name());
                values.put(c.name(), e == null || e.isJsonNull() ? null : value(e, c.type()));
            }
            return new Row(cell, key, values);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("results file " + path + ":" + line + ": a row passing its CRC-32 "
                    + "check does not fit the header's columns (" + e.getMessage() + ")", e);
        }
    }

    private static Object value(JsonElement e, ColumnType type) {
        return switch (type) {
            case INT64 -> e.getAsLong();
            case FLOAT64 -> e.getAsJsonPrimitive().isString() ? Double.valueOf(e.getAsString()) : e.getAsDouble();
            case UTF8 -> e.getAsString();
            case BOOL -> e.getAsBoolean();
            default -> throw new IllegalArgumentException("column type " + type + " is not used in results files");
        };
    }

    private static ColumnType type(String name, Path path) {
        for (ColumnType t : ColumnType.values()) {
            if (t.displayName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("results file " + path + ":1: unknown column type '" + name + "'");
    }

    /** The JSON object on a line if its CRC-32 matches, else null. */
    private static JsonObject checked(byte[] bytes, int[] span) {
        int length = span[1] - span[0];
        if (length < CRC_SUFFIX + 2) {
            return null;
        }
        String suffix = new String(bytes, span[1] - CRC_SUFFIX, CRC_SUFFIX, StandardCharsets.UTF_8);
        if (!suffix.startsWith(CRC_KEY) || !suffix.endsWith("\"}")) {
            return null;
        }
        long stated;
        try {
            stated = Long.parseLong(suffix.substring(CRC_KEY.length(), CRC_KEY.length() + 8), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, span[0], length - CRC_SUFFIX);
        crc.update('}');
        if (crc.getValue() != stated) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(new String(bytes, span[0], length, StandardCharsets.UTF_8));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    /** {@code o} as one line with its CRC-32 member and a newline. */
    private static byte[] line(JsonObject o) {
        byte[] body = o.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        String withCrc = new String(body, 0, body.length - 1, StandardCharsets.UTF_8) + CRC_KEY
                + String.format(Locale.ROOT, "%08x", crc.getValue()) + "\"}\n";
        return withCrc.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends {@code row} and forces it to disk before returning.
     *
     * @throws IllegalStateException when the cell is already written
     */
    public synchronized void append(Row row) {
        if (byCell.containsKey(row.cell())) {
            throw new IllegalStateException("results file " + path + ": cell " + row.cell() + " (" + row.key()
                    + ") is already written");
        }
        if (!row.values().keySet().equals(new LinkedHashSet<>(names(columns)))) {
            throw new IllegalArgumentException("row for cell " + row.key() + " has values " + row.values().keySet()
                    + ", the file's columns are " + names(columns));
        }
        JsonObject o = new JsonObject();
        o.addProperty("cell", row.cell());
        o.addProperty("key", row.key());
        for (ColumnSchema c : columns) {
            o.add(c.name(), json(row.values().get(c.name())));
        }
        try {
            writeFully(channel, line(o));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("results file " + path + ": cannot append the row for " + row.key() + ": "
                    + e.getMessage(), e);
        }
        rows.add(row);
        byCell.put(row.cell(), row);
    }

    private static JsonElement json(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            return new JsonPrimitive(d.toString()); // "NaN", "Infinity": JSON has no such numbers
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof String s) {
            return new JsonPrimitive(s);
        }
        throw new IllegalArgumentException("a results value must be a number, string, boolean or null, got "
                + v.getClass().getSimpleName());
    }

    private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** "a sweep", "an lmlab". */
    private static String article(String noun) {
        return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
    }

    private static FileLock lock(FileChannel channel, Path path, String kind) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("results file " + path + " is open in another " + kind
                    + " (it is locked); wait for it to finish or stop it");
        }
        return lock;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    private static List<String> names(List<ColumnSchema> columns) {
        return columns.stream().map(ColumnSchema::name).toList();
    }

    public Path path() {
        return path;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public List<ColumnSchema> columns() {
        return columns;
    }

    /** The rows written, in file order. */
    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Whether cell {@code index} is written. */
    public synchronized boolean has(int index) {
        return byCell.containsKey(index);
    }

    /** What opening the file cut off, if anything. */
    public Optional<String> repaired() {
        return Optional.ofNullable(repaired);
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("results file " + path + ": cannot close it: " + e.getMessage(), e);
        }
    }
}

package org.lmlab.table.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Table;
import org.lmlab.table.TableAppender;
import org.lmlab.table.TableSchema;

/**
 * Reads a JSON Lines file in batches. Each non-blank line must be one JSON object of scalar
 * values. Parsing is lenient so that NaN and Infinity, which Python's json module writes, are
 * read as numbers.
 */
final class JsonLinesBatchReader implements BatchReader {

    private record Line(long number, JsonObject object) {
    }

    private final Path file;
    private final BufferAllocator allocator;
    private final JsonLinesOptions options;
    private final String source;
    private final BufferedReader text;
    private final Deque<Line> sample = new ArrayDeque<>();
    private final TableSchema schema;
    private final Map<String, Integer> positions = new LinkedHashMap<>();
    private long lineNumber;
    private int batch;
    private boolean exhausted;

    JsonLinesBatchReader(Path file, BufferAllocator allocator, JsonLinesOptions options, String source)
            throws IOException {
        this.file = file;
        this.allocator = allocator;
        this.options = options;
        this.source = source;
        try {
            this.text = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw TableFormatException.inFile(file, "no such file", e);
        }
        try {
            while (sample.size() < options.inferenceRows()) {
                Line line = readLine();
                if (line == null) {
                    exhausted = true;
                    break;
                }
                sample.add(line);
            }
            if (sample.isEmpty() && options.schema() == null) {
                throw TableFormatException.inFile(file, "no JSON objects: the file is empty or blank, so it has no"
                        + " columns; nothing was loaded", null);
            }
            this.schema = options.schema() != null ? options.schema() : infer();
            for (int c = 0; c < schema.size(); c++) {
                positions.put(schema.get(c).name(), c);
            }
        } catch (IOException | RuntimeException e) {
            text.close();
            throw e;
        }
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public Table next() throws IOException {
        if (sample.isEmpty() && exhausted) {
            return null;
        }
        String name = options.batchRows() == Integer.MAX_VALUE ? source : source + "#" + batch;
        batch++;
        try (TableAppender out = new TableAppender(allocator, name, schema)) {
            int row = 0;
            while (row < options.batchRows()) {
                Line line = !sample.isEmpty() ? sample.poll() : exhausted ? null : readLine();
                if (line == null) {
                    exhausted = true;
                    break;
                }
                setRow(out, row++, line);
            }
            if (row == 0 && batch > 1) {
                return null;
            }
            return out.finish(row);
        }
    }

    @Override
    public void close() throws IOException {
        text.close();
    }

    /** The next non-blank line as an object, or null at the end. */
    private Line readLine() throws IOException {
        while (true) {
            String line;
            try {
                line = text.readLine();
            } catch (CharacterCodingException e) {
                throw MalformedText.error(file, StandardCharsets.UTF_8, "; JSON Lines files are UTF-8: convert it,"
                        + " e.g. iconv -f windows-1252 -t utf-8 (or save it as CSV and use %table load PATH --encoding)", e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            JsonElement element;
            String[] duplicate = new String[1];
            try {
                JsonReader reader = new JsonReader(new StringReader(line));
                reader.setStrictness(Strictness.LENIENT);
                element = reader.peek() == JsonToken.BEGIN_OBJECT ? object(reader, duplicate)
                        : JsonParser.parseReader(reader);
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw new JsonParseException("more than one JSON value on the line");
                }
            } catch (JsonParseException | IllegalStateException | IOException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                throw TableFormatException.atLine(file, lineNumber, "bad JSON: " + why, e);
            }
            if (duplicate[0] != null) {
                throw TableFormatException.atLine(file, lineNumber, "key '" + duplicate[0] + "' appears twice in"
                        + " one object; which value is meant is unclear, so nothing was loaded (fix the file)", null);
            }
            if (!element.isJsonObject()) {
                throw TableFormatException.atLine(file, lineNumber, "expected a JSON object, found "
                        + kind(element), null);
            }
            return new Line(lineNumber, element.getAsJsonObject());
        }
    }

    /**
     * A line's top-level object, read key by key: Gson keeps the last of duplicate keys silently,
     * and a line that says two things about one column is more likely a bug than a choice.
     */
    private static JsonObject object(JsonReader reader, String[] duplicate) throws IOException {
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            JsonElement value = JsonParser.parseReader(reader);
            if (object.has(key) && duplicate[0] == null) {
                duplicate[0] = key;
            }
            object.add(key, value);
        }
        reader.endObject();
        return object;
    }

    private TableSchema infer() throws TableFormatException {
        Map<String, ColumnInference> columns = new LinkedHashMap<>();
        for (Line line : sample) {
            for (Map.Entry<String, JsonElement> entry : line.object().entrySet()) {
                ColumnInference inference = columns.computeIfAbsent(entry.getKey(), k -> new ColumnInference());
                JsonElement value = entry.getValue();
                if (value.isJsonNull()) {
                    continue;
                }
                JsonPrimitive p = scalar(line, entry.getKey(), value);
                if (p.isBoolean()) {
                    inference.observeBool();
                } else if (p.isNumber() || isNonFinite(p)) {
                    inference.observeNumber(p.getAsString());
                } else {
                    inference.observeString(p.getAsString());
                }
            }
        }
        List<ColumnSchema> schema = new ArrayList<>();
        columns.forEach((name, inference) -> schema.add(inference.result(name)));
        return new TableSchema(schema);
    }

    private void setRow(TableAppender out, int row, Line line) throws TableFormatException {
        for (Map.Entry<String, JsonElement> entry : line.object().entrySet()) {
            Integer c = positions.get(entry.getKey());
            if (c == null) {
                if (options.schema() != null) {
                    continue;
                }
                throw TableFormatException.atLine(file, line.number(), "key '" + entry.getKey() + "' is not in the "
                        + "first " + options.inferenceRows() + " lines, which fixed the columns " + schema.names()
                        + "; pass a schema in JsonLinesOptions that lists it", null);
            }
            JsonElement value = entry.getValue();
            if (value.isJsonNull()) {
                continue;
            }
            JsonPrimitive p = scalar(line, entry.getKey(), value);
            try {
                TextValues.set(out, c, row, schema.get(c), p.getAsString());
            } catch (IllegalArgumentException e) {
                throw TableFormatException.atLine(file, line.number(), "key '" + entry.getKey() + "': "
                        + CsvBatchReader.abbreviate(p.toString()) + " " + e.getMessage()
                        + (options.schema() == null ? " (type inferred from the first " + options.inferenceRows()
                        + " lines; pass a schema in JsonLinesOptions to choose it)" : ""), e);
            }
        }
    }

    private JsonPrimitive scalar(Line line, String key, JsonElement value) throws TableFormatException {
        if (!value.isJsonPrimitive()) {
            throw TableFormatException.atLine(file, line.number(), "key '" + key + "' holds " + kind(value)
                    + "; only scalar values (string, number, boolean, null) make table columns", null);
        }
        return value.getAsJsonPrimitive();
    }

    /** Lenient parsing reads Python's bare NaN and Infinity as strings; they are numbers. */
    private static boolean isNonFinite(JsonPrimitive p) {
        String s = p.getAsString();
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    private static String kind(JsonElement e) {
        return e.isJsonObject() ? "an object" : e.isJsonArray() ? "an array" : e.isJsonNull() ? "null" : "a scalar";
    }
}

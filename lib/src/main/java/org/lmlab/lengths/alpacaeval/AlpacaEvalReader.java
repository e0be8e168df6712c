package org.lmlab.lengths.alpacaeval;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.lmlab.lengths.LengthDataFormatException;
import org.lmlab.lengths.internal.JsonFields;

/**
 * Reads AlpacaEval per-instruction output lengths and judge annotations (JSON Lines, blank lines skipped).
 * Problems are {@link LengthDataFormatException}s naming {@code file:line} and the field.
 */
public final class AlpacaEvalReader {

    private AlpacaEvalReader() {
    }

    /** All rows of {@code output_lengths.jsonl}. */
    public static List<OutputLength> readOutputLengths(Path file) {
        return readObjects(file, f -> {
            int chars = nonNegative(f, "output_chars");
            int units = f.integer("output_utf16_units");
            if (units < chars) {
                throw f.error("output_utf16_units", "must be at least output_chars (" + chars + "), got " + units);
            }
            return new OutputLength(f.string("model"), f.integer("instruction_index"), f.string("dataset"),
                    chars, units, f.source());
        });
    }

    /**
     * All rows of {@code annotations.jsonl}. A preference must lie in [1, 2]; AlpacaEval's legacy draw code 0 is
     * read as 1.5, as AlpacaEval does.
     */
    public static List<Annotation> readAnnotations(Path file) {
        return readObjects(file, f -> {
            double preference = f.number("preference");
            if (preference == 0) {
                preference = 1.5;
            }
            if (!(preference >= 1 && preference <= 2)) {
                throw f.error("preference", "must lie in [1, 2] (1 = baseline wins, 2 = model wins), got " + preference);
            }
            return new Annotation(f.string("model"), f.integer("instruction_index"), f.string("dataset"), preference,
                    nonNegative(f, "output_chars"), nonNegative(f, "baseline_chars"), f.source());
        });
    }

    private static int nonNegative(JsonFields.Fields f, String name) {
        int v = f.integer(name);
        if (v < 0) {
            throw f.error(name, "must not be negative, got " + v);
        }
        return v;
    }

    private static <T> List<T> readObjects(Path file, Function<JsonFields.Fields, T> row) {
        List<T> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonElement e;
                try {
                    e = JsonParser.parseString(text);
                } catch (JsonParseException ex) {
                    throw new LengthDataFormatException(file, line, "malformed JSON: " + ex.getMessage(), ex);
                }
                if (!e.isJsonObject()) {
                    throw new LengthDataFormatException(file, line,
                            "expected a JSON object, got " + JsonFields.kind(e), null);
                }
                rows.add(row.apply(new JsonFields.Fields(file, line, e.getAsJsonObject())));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read AlpacaEval file " + file + ": " + ex.getMessage(), ex);
        }
        return rows;
    }
}

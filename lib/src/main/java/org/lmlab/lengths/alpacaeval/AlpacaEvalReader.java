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
import org.lmlab.lengths.LengthDataFormatException;
import org.lmlab.lengths.internal.JsonFields;

/**
 * Reads AlpacaEval per-instruction output lengths (JSON Lines, blank lines skipped). Problems are
 * {@link LengthDataFormatException}s naming {@code file:line} and the field.
 */
public final class AlpacaEvalReader {

    private AlpacaEvalReader() {
    }

    /** All rows of {@code output_lengths.jsonl}. */
    public static List<OutputLength> readOutputLengths(Path file) {
        List<OutputLength> rows = new ArrayList<>();
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
                JsonFields.Fields f = new JsonFields.Fields(file, line, e.getAsJsonObject());
                int chars = f.integer("output_chars");
                int units = f.integer("output_utf16_units");
                if (chars < 0) {
                    throw f.error("output_chars", "must not be negative, got " + chars);
                }
                if (units < chars) {
                    throw f.error("output_utf16_units", "must be at least output_chars (" + chars + "), got " + units);
                }
                rows.add(new OutputLength(f.string("model"), f.integer("instruction_index"), f.string("dataset"),
                        chars, units, file + ":" + line));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read AlpacaEval file " + file + ": " + ex.getMessage(), ex);
        }
        return rows;
    }
}

package org.lmlab.lengths.castillo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
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
 * Reads CASTILLO rows from JSON Lines ({@code datasets/castillo/castillo_test.jsonl}, one object per
 * line; blank lines are skipped). Every problem names
 * {@code file:line} and the field ({@link LengthDataFormatException}).
 */
public final class CastilloReader {

    private CastilloReader() {
    }

    /**
     * All rows of {@code file}.
     *
     * @throws LengthDataFormatException on malformed JSON, a missing or mistyped field, or lengths that are
     *     negative, non-integer or absent
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<CastilloRow> read(Path file) {
        List<CastilloRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (!text.isBlank()) {
                    rows.add(parse(file, line, text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CASTILLO file " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Parses one line; {@code file} and {@code line} only label errors and {@link CastilloRow#source()}. */
    public static CastilloRow parse(Path file, int line, String text) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new LengthDataFormatException(file, line, "expected a JSON object, got " + JsonFields.kind(e), null);
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new LengthDataFormatException(file, line, "malformed JSON: " + e.getMessage(), e);
        }
        JsonFields.Fields f = new JsonFields.Fields(file, line, o);
        int[] sizes = f.lengths("output_sizes");
        JsonObject pct = f.object("output_percentiles");
        JsonFields.Fields p = new JsonFields.Fields(file, line, pct, "output_percentiles.");
        return new CastilloRow(
                f.string("model"),
                f.string("dataset"),
                f.string("prompt_id"),
                f.string("sample_id"),
                f.integer("input_size"),
                sizes,
                f.number("output_mean"),
                f.number("output_std"),
                new CastilloRow.StoredPercentiles(p.number("p25"), p.number("p50"), p.number("p75"), p.number("p99")),
                f.integer("top_k"),
                f.number("top_p"),
                f.number("temp"),
                f.string("category"),
                f.number("gen_time"),
                f.bool("degenerate"),
                file + ":" + line);
    }
}

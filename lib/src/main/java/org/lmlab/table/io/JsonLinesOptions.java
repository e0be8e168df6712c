package org.lmlab.table.io;

import org.lmlab.table.TableSchema;

/**
 * How to read a JSON Lines file (one JSON object per line, UTF-8). Start from {@link #defaults()}.
 *
 * @param schema        the columns to read, or null to infer them from a sample: with a schema,
 *                      keys it lacks are ignored and missing keys are null
 * @param inferenceRows lines sampled for column names and types; without a schema a key first
 *                      seen later is an error naming its line
 * @param batchRows     rows per batch when reading in batches ({@link JsonLines#open})
 */
public record JsonLinesOptions(TableSchema schema, int inferenceRows, int batchRows) {

    public JsonLinesOptions {
        if (inferenceRows < 1 || batchRows < 1) {
            throw new IllegalArgumentException("inferenceRows and batchRows must be positive");
        }
    }

    public static JsonLinesOptions defaults() {
        return new JsonLinesOptions(null, 10_000, 1 << 16);
    }

    public JsonLinesOptions withSchema(TableSchema newSchema) {
        return new JsonLinesOptions(newSchema, inferenceRows, batchRows);
    }

    public JsonLinesOptions withInferenceRows(int rows) {
        return new JsonLinesOptions(schema, rows, batchRows);
    }

    public JsonLinesOptions withBatchRows(int rows) {
        return new JsonLinesOptions(schema, inferenceRows, rows);
    }
}

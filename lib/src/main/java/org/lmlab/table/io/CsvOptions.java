package org.lmlab.table.io;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import org.lmlab.table.TableSchema;

/**
 * How to read a CSV file. Start from {@link #defaults()} and change what differs.
 *
 * @param delimiter      field separator
 * @param quote          quote character; a doubled quote inside quotes is a literal quote
 * @param header         whether the first record names the columns (else f0, f1, …)
 * @param schema         column types to use instead of inference, or null; with a header, its
 *                       columns are matched by name and the other columns are inferred;
 *                       without a header it must give every column, in order
 * @param nullValues     unquoted field texts that mean null ({@code ""} included by default);
 *                       a quoted field is a string even when empty
 * @param inferenceRows  records sampled to infer types; a later value that does not fit its
 *                       column's type is an error naming its line
 * @param batchRows      rows per batch when reading in batches ({@link Csv#open})
 * @param charset        text encoding; malformed input is an error, never replaced
 */
public record CsvOptions(char delimiter, char quote, boolean header, TableSchema schema, Set<String> nullValues,
        int inferenceRows, int batchRows, Charset charset) {

    public static final Set<String> DEFAULT_NULLS = Set.of("", "NA", "N/A", "NULL", "null", "None");

    public CsvOptions {
        Objects.requireNonNull(nullValues, "nullValues");
        Objects.requireNonNull(charset, "charset");
        nullValues = Set.copyOf(nullValues);
        if (delimiter == quote || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter must differ from the quote and from line ends");
        }
        if (inferenceRows < 1 || batchRows < 1) {
            throw new IllegalArgumentException("inferenceRows and batchRows must be positive");
        }
    }

    /** Comma-separated, double quotes, a header, types inferred from the first 10,000 records, UTF-8. */
    public static CsvOptions defaults() {
        return new CsvOptions(',', '"', true, null, DEFAULT_NULLS, 10_000, 1 << 16, StandardCharsets.UTF_8);
    }

    public CsvOptions withDelimiter(char newDelimiter) {
        return new CsvOptions(newDelimiter, quote, header, schema, nullValues, inferenceRows, batchRows, charset);
    }

    public CsvOptions withQuote(char newQuote) {
        return new CsvOptions(delimiter, newQuote, header, schema, nullValues, inferenceRows, batchRows, charset);
    }

    public CsvOptions withHeader(boolean hasHeader) {
        return new CsvOptions(delimiter, quote, hasHeader, schema, nullValues, inferenceRows, batchRows, charset);
    }

    public CsvOptions withSchema(TableSchema newSchema) {
        return new CsvOptions(delimiter, quote, header, newSchema, nullValues, inferenceRows, batchRows, charset);
    }

    public CsvOptions withNullValues(Set<String> newNullValues) {
        return new CsvOptions(delimiter, quote, header, schema, newNullValues, inferenceRows, batchRows, charset);
    }

    public CsvOptions withInferenceRows(int rows) {
        return new CsvOptions(delimiter, quote, header, schema, nullValues, rows, batchRows, charset);
    }

    public CsvOptions withBatchRows(int rows) {
        return new CsvOptions(delimiter, quote, header, schema, nullValues, inferenceRows, rows, charset);
    }

    public CsvOptions withCharset(Charset newCharset) {
        return new CsvOptions(delimiter, quote, header, schema, nullValues, inferenceRows, batchRows, newCharset);
    }
}

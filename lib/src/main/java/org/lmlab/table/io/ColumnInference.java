package org.lmlab.table.io;

import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;

/**
 * Infers one column's type from sample cells: the narrowest type every non-null sample fits,
 * in the order bool, int64, float64, date, timestamp, timestamp with zone (as UTC), utf8.
 * A column with no non-null sample is utf8.
 */
final class ColumnInference {

    private boolean bool = true;
    private boolean int64 = true;
    private boolean float64 = true;
    private boolean date = true;
    private boolean localTime = true;
    private boolean zonedTime = true;
    private boolean seen;

    /** A text cell that may be of any type (CSV). */
    void observe(String text) {
        seen = true;
        // Each test only while its type is still possible: a column soon rules most out.
        bool = bool && TextValues.isBool(text);
        int64 = int64 && TextValues.isInt64(text);
        float64 = float64 && TextValues.isFloat64(text);
        observeTemporal(text);
    }

    /** A string cell that must not become a number or bool (a quoted JSON string). */
    void observeString(String text) {
        seen = true;
        bool = false;
        int64 = false;
        float64 = false;
        observeTemporal(text);
    }

    /** A JSON number, given as its literal text. */
    void observeNumber(String literal) {
        seen = true;
        bool = false;
        int64 = int64 && TextValues.isInt64(literal);
        date = false;
        localTime = false;
        zonedTime = false;
    }

    /** A JSON boolean. */
    void observeBool() {
        seen = true;
        int64 = false;
        float64 = false;
        date = false;
        localTime = false;
        zonedTime = false;
    }

    ColumnSchema result(String name) {
        if (!seen) {
            return ColumnSchema.of(name, ColumnType.UTF8);
        }
        if (bool) {
            return ColumnSchema.of(name, ColumnType.BOOL);
        }
        if (int64) {
            return ColumnSchema.of(name, ColumnType.INT64);
        }
        if (float64) {
            return ColumnSchema.of(name, ColumnType.FLOAT64);
        }
        if (date) {
            return ColumnSchema.of(name, ColumnType.DATE);
        }
        if (localTime) {
            return ColumnSchema.timestamp(name, null);
        }
        if (zonedTime) {
            return ColumnSchema.timestamp(name, "UTC");
        }
        return ColumnSchema.of(name, ColumnType.UTF8);
    }

    private void observeTemporal(String text) {
        if (!date && !localTime && !zonedTime) {
            return;
        }
        date = date && TextValues.isDate(text);
        int kind = localTime || zonedTime ? TextValues.dateTimeKind(text) : 0;
        localTime &= kind == 1;
        zonedTime &= kind == 2;
    }
}

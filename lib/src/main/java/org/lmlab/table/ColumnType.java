package org.lmlab.table;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The column types a {@link Table} holds. Each maps to exactly one Arrow type (and vector
 * class), so every reader and writer agrees on the physical layout; readers widen other Arrow
 * types into these.
 */
public enum ColumnType {
    INT32("int32"),
    INT64("int64"),
    FLOAT32("float32"),
    FLOAT64("float64"),
    BOOL("bool"),
    UTF8("utf8"),
    /** Days since 1970-01-01 (Arrow date32[day]). */
    DATE("date32[day]"),
    /** Microseconds since 1970-01-01T00:00, optionally with a time zone (Arrow timestamp[us]). */
    TIMESTAMP("timestamp[us]");

    private final String displayName;

    ColumnType(String displayName) {
        this.displayName = displayName;
    }

    /** The short name shown in schemas and table headers, e.g. {@code float64}. */
    public String displayName() {
        return displayName;
    }

    /** The Arrow type of a column of this type; {@code timeZone} only for {@link #TIMESTAMP}. */
    ArrowType arrowType(String timeZone) {
        return switch (this) {
            case INT32 -> new ArrowType.Int(32, true);
            case INT64 -> new ArrowType.Int(64, true);
            case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOL -> ArrowType.Bool.INSTANCE;
            case UTF8 -> ArrowType.Utf8.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, timeZone);
        };
    }

    /** The column type stored as {@code type} exactly, or null when a reader must convert it first. */
    static ColumnType ofArrow(ArrowType type) {
        if (type instanceof ArrowType.Int i && i.getIsSigned()) {
            return i.getBitWidth() == 32 ? INT32 : i.getBitWidth() == 64 ? INT64 : null;
        }
        if (type instanceof ArrowType.FloatingPoint f) {
            return f.getPrecision() == FloatingPointPrecision.SINGLE ? FLOAT32
                    : f.getPrecision() == FloatingPointPrecision.DOUBLE ? FLOAT64 : null;
        }
        if (type instanceof ArrowType.Bool) {
            return BOOL;
        }
        if (type instanceof ArrowType.Utf8) {
            return UTF8;
        }
        if (type instanceof ArrowType.Date d) {
            return d.getUnit() == DateUnit.DAY ? DATE : null;
        }
        if (type instanceof ArrowType.Timestamp t) {
            return t.getUnit() == TimeUnit.MICROSECOND ? TIMESTAMP : null;
        }
        return null;
    }

    @Override
    public String toString() {
        return displayName;
    }
}

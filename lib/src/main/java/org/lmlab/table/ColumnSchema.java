package org.lmlab.table;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One column's name and type. Every column is nullable.
 *
 * @param name     the column name, unique within a table
 * @param type     the column type
 * @param timeZone for {@link ColumnType#TIMESTAMP} only: an IANA zone or offset ({@code UTC},
 *                 {@code Europe/Paris}, {@code +01:00}), or null for a zone-less (wall clock)
 *                 timestamp; always null for other types
 */
public record ColumnSchema(String name, ColumnType type, String timeZone) {

    public ColumnSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (timeZone != null) {
            if (type != ColumnType.TIMESTAMP) {
                throw new IllegalArgumentException("column '" + name + "': only timestamps have a time zone, not " + type);
            }
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                // Fail here rather than when a value is first read as an Instant.
                throw new IllegalArgumentException("column '" + name + "': unknown time zone '" + timeZone + "'", e);
            }
        }
    }

    /** A column of {@code type} (a zone-less timestamp for {@link ColumnType#TIMESTAMP}). */
    public static ColumnSchema of(String name, ColumnType type) {
        return new ColumnSchema(name, type, null);
    }

    /** A timestamp column in {@code timeZone} (null for zone-less). */
    public static ColumnSchema timestamp(String name, String timeZone) {
        return new ColumnSchema(name, ColumnType.TIMESTAMP, timeZone);
    }

    /** Type with its zone, as shown to users: {@code timestamp[us, tz=UTC]}. */
    public String typeName() {
        return timeZone == null ? type.displayName() : "timestamp[us, tz=" + timeZone + "]";
    }

    public ColumnSchema withName(String newName) {
        return new ColumnSchema(newName, type, timeZone);
    }

    public Field toArrowField() {
        return new Field(name, FieldType.nullable(type.arrowType(timeZone)), null);
    }

    /**
     * The column schema of an Arrow field stored exactly as a {@link Table} stores it.
     *
     * @throws IllegalArgumentException naming the field and its type when it is another type
     */
    public static ColumnSchema fromArrowField(Field field) {
        ArrowType arrowType = field.getType();
        ColumnType type = field.getDictionary() == null ? ColumnType.ofArrow(arrowType) : null;
        if (type == null) {
            throw new IllegalArgumentException("column '" + field.getName() + "' has Arrow type " + arrowType
                    + (field.getDictionary() != null ? " (dictionary-encoded)" : "")
                    + ", which a Table does not hold; supported: " + Arrays.toString(ColumnType.values()));
        }
        String zone = arrowType instanceof ArrowType.Timestamp t ? t.getTimezone() : null;
        return new ColumnSchema(field.getName(), type, zone);
    }

    @Override
    public String toString() {
        return name + ": " + typeName();
    }
}

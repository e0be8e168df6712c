package org.lmlab.table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.datetimes.PackedLocalDateTime;
import tech.tablesaw.columns.instant.PackedInstant;

/**
 * Converts between {@link Table} and Tablesaw's {@code tech.tablesaw.api.Table}, so analyses can
 * use Tablesaw's filter, sort, group-by, join and summaries.
 *
 * <p>Tablesaw has no null bitmap: each column type reserves a sentinel value for "missing". The
 * mapping keeps values and nulls apart as follows.
 * <table>
 * <caption>Arrow → Tablesaw</caption>
 * <tr><th>Arrow</th><th>Tablesaw</th><th>null becomes</th><th>how a value equal to the sentinel is kept</th></tr>
 * <tr><td>int32</td><td>IntColumn</td><td>Integer.MIN_VALUE</td><td>the column widens to LongColumn</td></tr>
 * <tr><td>int64</td><td>LongColumn</td><td>Long.MIN_VALUE</td><td>rejected (no wider integer column)</td></tr>
 * <tr><td>float32/float64</td><td>FloatColumn/DoubleColumn</td><td>the canonical NaN</td>
 *     <td>a genuine NaN is stored as a NaN with payload 1 ({@link #FLOAT_NAN}, {@link #DOUBLE_NAN}):
 *     Tablesaw still treats it as missing, but the way back restores a NaN value, not a null</td></tr>
 * <tr><td>bool</td><td>BooleanColumn</td><td>missing byte</td><td>no sentinel collision</td></tr>
 * <tr><td>utf8</td><td>StringColumn</td><td>""</td><td><b>lost</b>: an empty string is Tablesaw's missing
 *     value, so "" comes back as null</td></tr>
 * <tr><td>date32</td><td>DateColumn</td><td>packed missing</td><td>years outside ±32767 are rejected</td></tr>
 * <tr><td>timestamp (no zone)</td><td>DateTimeColumn</td><td>packed missing</td>
 *     <td>Tablesaw keeps milliseconds: sub-millisecond values are rejected, never truncated</td></tr>
 * <tr><td>timestamp (zoned)</td><td>InstantColumn</td><td>packed missing</td><td>as above; the zone is
 *     kept only when converting back with a schema ({@link #toArrow(tech.tablesaw.api.Table,
 *     BufferAllocator, String, TableSchema)}), else it comes back as UTC</td></tr>
 * </table>
 *
 * <p>NaN payloads other than the marker are not preserved: every non-null NaN comes back as
 * {@link Double#NaN} (or {@link Float#NaN}). A NaN that Tablesaw computes itself (for example
 * the mean of an empty group) is the canonical NaN and so comes back as null.
 */
public final class TablesawConverter {

    /** Marks a genuine (non-null) float32 NaN inside Tablesaw: a quiet NaN with payload 1. */
    public static final float FLOAT_NAN = Float.intBitsToFloat(0x7fc00001);
    /** Marks a genuine (non-null) float64 NaN inside Tablesaw: a quiet NaN with payload 1. */
    public static final double DOUBLE_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    private static final int CANONICAL_FLOAT_NAN = Float.floatToRawIntBits(Float.NaN);
    private static final long CANONICAL_DOUBLE_NAN = Double.doubleToRawLongBits(Double.NaN);
    private static final int MAX_TABLESAW_YEAR = Short.MAX_VALUE;

    private TablesawConverter() {
    }

    /**
     * Copies {@code table} into a new Tablesaw table named after its source.
     *
     * @throws IllegalArgumentException naming the column and row of a value Tablesaw cannot hold
     *                                  (int64 Long.MIN_VALUE, a sub-millisecond timestamp, a date
     *                                  beyond year ±32767)
     */
    public static tech.tablesaw.api.Table toTablesaw(Table table) {
        List<Column<?>> columns = new ArrayList<>();
        for (ColumnSchema c : table.schema().columns()) {
            columns.add(toTablesawColumn(c, table.vector(c.name()), table.rowCount()));
        }
        return tech.tablesaw.api.Table.create(table.source(), columns);
    }

    /** Copies a Tablesaw table into Arrow memory, mapping column types by the table above. */
    public static Table toArrow(tech.tablesaw.api.Table table, BufferAllocator parent, String source) {
        return toArrow(table, parent, source, new TableSchema(List.of()));
    }

    /**
     * Copies a Tablesaw table into Arrow memory, restoring what Tablesaw cannot express for
     * columns that {@code like} names with a compatible type: a LongColumn goes back to int32
     * (checked) and an InstantColumn gets the zone of {@code like}'s timestamp. Other columns,
     * and columns whose type changed, map as without a schema.
     *
     * @throws IllegalArgumentException naming the column of an unsupported Tablesaw type (time of day)
     *                                  or a value that does not fit the int32 {@code like} asks for
     */
    public static Table toArrow(tech.tablesaw.api.Table table, BufferAllocator parent, String source,
            TableSchema like) {
        List<ColumnSchema> columns = new ArrayList<>();
        for (Column<?> column : table.columns()) {
            ColumnSchema natural = naturalSchema(column);
            ColumnSchema hint = like.contains(column.name()) ? like.column(column.name()) : null;
            columns.add(hint != null && compatible(natural, hint) ? hint : natural);
        }
        int rows = table.rowCount();
        try (TableAppender appender = new TableAppender(parent, source, new TableSchema(columns))) {
            for (int c = 0; c < columns.size(); c++) {
                fromTablesawColumn(table.column(c), columns.get(c), appender, c, rows);
            }
            return appender.finish(rows);
        }
    }

    private static Column<?> toTablesawColumn(ColumnSchema c, FieldVector vector, int rows) {
        String name = c.name();
        switch (c.type()) {
            case INT32 -> {
                IntVector v = (IntVector) vector;
                boolean collides = false;
                int[] data = new int[rows];
                for (int i = 0; i < rows; i++) {
                    if (v.isNull(i)) {
                        data[i] = Integer.MIN_VALUE;
                    } else {
                        data[i] = v.get(i);
                        collides |= data[i] == Integer.MIN_VALUE;
                    }
                }
                if (!collides) {
                    return IntColumn.create(name, data);
                }
                // Integer.MIN_VALUE is Tablesaw's missing int: widen so it stays a value.
                long[] wide = new long[rows];
                for (int i = 0; i < rows; i++) {
                    wide[i] = v.isNull(i) ? Long.MIN_VALUE : v.get(i);
                }
                return LongColumn.create(name, wide);
            }
            case INT64 -> {
                BigIntVector v = (BigIntVector) vector;
                long[] data = new long[rows];
                for (int i = 0; i < rows; i++) {
                    if (v.isNull(i)) {
                        data[i] = Long.MIN_VALUE;
                    } else {
                        data[i] = v.get(i);
                        if (data[i] == Long.MIN_VALUE) {
                            throw cannotHold(name, i, "Long.MIN_VALUE", "Tablesaw uses it for missing longs");
                        }
                    }
                }
                return LongColumn.create(name, data);
            }
            case FLOAT32 -> {
                Float4Vector v = (Float4Vector) vector;
                float[] data = new float[rows];
                for (int i = 0; i < rows; i++) {
                    if (v.isNull(i)) {
                        data[i] = Float.NaN;
                    } else {
                        float x = v.get(i);
                        data[i] = Float.isNaN(x) ? FLOAT_NAN : x;
                    }
                }
                return FloatColumn.create(name, data);
            }
            case FLOAT64 -> {
                Float8Vector v = (Float8Vector) vector;
                double[] data = new double[rows];
                for (int i = 0; i < rows; i++) {
                    if (v.isNull(i)) {
                        data[i] = Double.NaN;
                    } else {
                        double x = v.get(i);
                        data[i] = Double.isNaN(x) ? DOUBLE_NAN : x;
                    }
                }
                return DoubleColumn.create(name, data);
            }
            case BOOL -> {
                BitVector v = (BitVector) vector;
                BooleanColumn column = BooleanColumn.create(name);
                for (int i = 0; i < rows; i++) {
                    if (v.isNull(i)) {
                        column.appendMissing();
                    } else {
                        column.append(v.get(i) != 0);
                    }
                }
                return column;
            }
            case UTF8 -> {
                VarCharVector v = (VarCharVector) vector;
                String[] data = new String[rows];
                for (int i = 0; i < rows; i++) {
                    data[i] = v.isNull(i) ? "" : new String(v.get(i), StandardCharsets.UTF_8);
                }
                return StringColumn.create(name, data);
            }
            case DATE -> {
                DateDayVector v = (DateDayVector) vector;
                int[] data = new int[rows];
                for (int i = 0; i < rows; i++) {
                    if (v.isNull(i)) {
                        data[i] = Integer.MIN_VALUE;
                    } else {
                        LocalDate date = LocalDate.ofEpochDay(v.get(i));
                        if (Math.abs(date.getYear()) > MAX_TABLESAW_YEAR) {
                            throw cannotHold(name, i, date.toString(), "Tablesaw packs years into 16 bits");
                        }
                        data[i] = PackedLocalDate.pack(date);
                    }
                }
                return DateColumn.createInternal(name, data);
            }
            case TIMESTAMP -> {
                TimeStampVector v = (TimeStampVector) vector;
                long[] data = new long[rows];
                for (int i = 0; i < rows; i++) {
                    if (v.isNull(i)) {
                        data[i] = Long.MIN_VALUE;
                        continue;
                    }
                    long micros = v.get(i);
                    if (micros % 1000 != 0) {
                        throw cannotHold(name, i, Micros.toLocalDateTime(micros).toString(),
                                "Tablesaw keeps milliseconds; truncate first, e.g. in SQL date_trunc('millisecond', "
                                        + name + ")");
                    }
                    Instant instant = Micros.toInstant(micros);
                    if (Math.abs(Micros.toLocalDateTime(micros).getYear()) > MAX_TABLESAW_YEAR) {
                        throw cannotHold(name, i, instant.toString(), "Tablesaw packs years into 16 bits");
                    }
                    data[i] = c.timeZone() == null ? PackedLocalDateTime.pack(Micros.toLocalDateTime(micros))
                            : PackedInstant.pack(instant);
                }
                return c.timeZone() == null ? DateTimeColumn.createInternal(name, data)
                        : InstantColumn.createInternal(name, data);
            }
            default -> throw new AssertionError(c.type());
        }
    }

    private static ColumnSchema naturalSchema(Column<?> column) {
        String name = column.name();
        if (column instanceof IntColumn || column instanceof ShortColumn) {
            return ColumnSchema.of(name, ColumnType.INT32);
        } else if (column instanceof LongColumn) {
            return ColumnSchema.of(name, ColumnType.INT64);
        } else if (column instanceof FloatColumn) {
            return ColumnSchema.of(name, ColumnType.FLOAT32);
        } else if (column instanceof DoubleColumn) {
            return ColumnSchema.of(name, ColumnType.FLOAT64);
        } else if (column instanceof BooleanColumn) {
            return ColumnSchema.of(name, ColumnType.BOOL);
        } else if (column instanceof StringColumn) {
            return ColumnSchema.of(name, ColumnType.UTF8);
        } else if (column instanceof DateColumn) {
            return ColumnSchema.of(name, ColumnType.DATE);
        } else if (column instanceof DateTimeColumn) {
            return ColumnSchema.timestamp(name, null);
        } else if (column instanceof InstantColumn) {
            return ColumnSchema.timestamp(name, "UTC");
        }
        throw new IllegalArgumentException("column '" + name + "' is a Tablesaw " + column.type().name()
                + " column, which has no Arrow equivalent here; supported: integer, long, float, double, boolean, "
                + "string, local date, local date-time, instant");
    }

    private static boolean compatible(ColumnSchema natural, ColumnSchema hint) {
        if (natural.type() == ColumnType.INT64 && hint.type() == ColumnType.INT32) {
            return true;
        }
        return natural.type() == hint.type() && (natural.timeZone() == null) == (hint.timeZone() == null);
    }

    private static void fromTablesawColumn(Column<?> column, ColumnSchema target, TableAppender out, int c, int rows) {
        for (int i = 0; i < rows; i++) {
            if (column.isMissing(i)) {
                out.setNull(c, i);
            }
        }
        if (column instanceof IntColumn ints) {
            for (int i = 0; i < rows; i++) {
                if (!ints.isMissing(i)) {
                    out.setInt(c, i, ints.getInt(i));
                }
            }
        } else if (column instanceof ShortColumn shorts) {
            for (int i = 0; i < rows; i++) {
                if (!shorts.isMissing(i)) {
                    out.setInt(c, i, shorts.getShort(i));
                }
            }
        } else if (column instanceof LongColumn longs) {
            for (int i = 0; i < rows; i++) {
                if (longs.isMissing(i)) {
                    continue;
                }
                long x = longs.getLong(i);
                if (target.type() == ColumnType.INT32) {
                    if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("column '" + column.name() + "' row " + i + " holds " + x
                                + ", which does not fit the int32 the schema asks for");
                    }
                    out.setInt(c, i, (int) x);
                } else {
                    out.setLong(c, i, x);
                }
            }
        } else if (column instanceof FloatColumn floats) {
            for (int i = 0; i < rows; i++) {
                float x = floats.getFloat(i);
                if (Float.isNaN(x)) {
                    // The canonical NaN is Tablesaw's missing value; any other NaN is a value.
                    if (Float.floatToRawIntBits(x) != CANONICAL_FLOAT_NAN) {
                        out.setFloat(c, i, Float.NaN);
                    }
                } else {
                    out.setFloat(c, i, x);
                }
            }
        } else if (column instanceof DoubleColumn doubles) {
            for (int i = 0; i < rows; i++) {
                double x = doubles.getDouble(i);
                if (Double.isNaN(x)) {
                    if (Double.doubleToRawLongBits(x) != CANONICAL_DOUBLE_NAN) {
                        out.setDouble(c, i, Double.NaN);
                    }
                } else {
                    out.setDouble(c, i, x);
                }
            }
        } else if (column instanceof BooleanColumn bools) {
            for (int i = 0; i < rows; i++) {
                if (!bools.isMissing(i)) {
                    out.setBoolean(c, i, bools.get(i));
                }
            }
        } else if (column instanceof StringColumn strings) {
            for (int i = 0; i < rows; i++) {
                if (!strings.isMissing(i)) {
                    out.setString(c, i, strings.get(i));
                }
            }
        } else if (column instanceof DateColumn dates) {
            for (int i = 0; i < rows; i++) {
                if (!dates.isMissing(i)) {
                    out.setEpochDay(c, i, (int) PackedLocalDate.asLocalDate(dates.getIntInternal(i)).toEpochDay());
                }
            }
        } else if (column instanceof DateTimeColumn times) {
            for (int i = 0; i < rows; i++) {
                if (!times.isMissing(i)) {
                    out.setTimestampMicros(c, i, Micros.of(PackedLocalDateTime.asLocalDateTime(times.getLongInternal(i))));
                }
            }
        } else if (column instanceof InstantColumn instants) {
            for (int i = 0; i < rows; i++) {
                if (!instants.isMissing(i)) {
                    out.setTimestampMicros(c, i, Micros.of(PackedInstant.asInstant(instants.getLongInternal(i))));
                }
            }
        }
    }

    private static IllegalArgumentException cannotHold(String column, int row, String value, String why) {
        return new IllegalArgumentException("column '" + column + "' row " + row + " holds " + value
                + ", which a Tablesaw column cannot hold: " + why);
    }
}

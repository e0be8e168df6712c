package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Cell-by-cell comparison of tables: schema, nulls, and values (floats bit for bit, any NaN equal to any NaN). */
public final class TableAssertions {

    private TableAssertions() {
    }

    public static void assertSameContent(Table expected, Table actual) {
        assertEquals(expected.schema(), actual.schema(), "schema");
        assertEquals(expected.rowCount(), actual.rowCount(), "row count");
        for (String column : expected.columnNames()) {
            for (int row = 0; row < expected.rowCount(); row++) {
                Object e = expected.get(column, row);
                Object a = actual.get(column, row);
                if (!sameValue(e, a)) {
                    fail("column '" + column + "' row " + row + ": expected " + describe(e) + " but was " + describe(a));
                }
            }
        }
    }

    public static boolean sameValue(Object e, Object a) {
        if (e instanceof Double x && a instanceof Double y) {
            return Double.isNaN(x) ? Double.isNaN(y) : Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        if (e instanceof Float x && a instanceof Float y) {
            return Float.isNaN(x) ? Float.isNaN(y) : Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y);
        }
        return java.util.Objects.equals(e, a);
    }

    private static String describe(Object v) {
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }
}

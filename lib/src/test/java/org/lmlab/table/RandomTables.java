package org.lmlab.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;

/** Random tables for property tests: every column type, edge values, and varying null rates. */
final class RandomTables {

    private static final String[] ZONES = {null, "UTC", "Europe/Paris", "America/New_York", "+05:30"};
    private static final long DAYS_SPAN = 3_000_000L; // about ±8,200 years around 1970
    private static final String ALPHABET = "abcxyz019 ,\"'\n\tüß日本語😀";

    private final Random random;

    /** What the generator may produce: values Tablesaw can hold exactly, or anything. */
    record Limits(boolean emptyStrings, boolean minLong, boolean subMillisecond) {
    }

    RandomTables(long seed) {
        this.random = new Random(seed);
    }

    Table next(BufferAllocator allocator, String source, int maxRows, Limits limits) {
        int columns = 1 + random.nextInt(8);
        int rows = random.nextInt(maxRows + 1);
        TableBuilder builder = Table.builder(allocator, source);
        for (int c = 0; c < columns; c++) {
            ColumnType type = ColumnType.values()[random.nextInt(ColumnType.values().length)];
            String zone = type == ColumnType.TIMESTAMP ? ZONES[random.nextInt(ZONES.length)] : null;
            double nullRate = new double[] {0, 0.05, 0.5, 1}[random.nextInt(4)];
            List<Object> values = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                values.add(random.nextDouble() < nullRate ? null : value(type, zone, limits));
            }
            builder.column(new ColumnSchema("c" + c + "_" + type.displayName(), type, zone), values);
        }
        return builder.build();
    }

    private Object value(ColumnType type, String zone, Limits limits) {
        boolean edge = random.nextInt(8) == 0;
        return switch (type) {
            case INT32 -> edge ? pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1) : random.nextInt();
            case INT64 -> edge ? pick(limits.minLong() ? Long.MIN_VALUE : Long.MIN_VALUE + 1, Long.MAX_VALUE, 0L, -1L)
                    : random.nextLong();
            case FLOAT32 -> edge ? pick(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f,
                    Float.MIN_VALUE, Float.MAX_VALUE) : Float.intBitsToFloat(random.nextInt());
            case FLOAT64 -> edge ? pick(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                    Double.MIN_VALUE, Double.MAX_VALUE) : Double.longBitsToDouble(random.nextLong());
            case BOOL -> random.nextBoolean();
            case UTF8 -> string(limits.emptyStrings() && edge ? 0 : 1 + random.nextInt(12));
            case DATE -> LocalDate.ofEpochDay(random.nextLong() % DAYS_SPAN);
            case TIMESTAMP -> {
                long micros = (random.nextLong() % (DAYS_SPAN * 86_400_000_000L));
                if (!limits.subMillisecond()) {
                    micros -= micros % 1000;
                }
                yield zone == null ? Micros.toLocalDateTime(micros) : (Object) Micros.toInstant(micros);
            }
        };
    }

    private String string(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int p = random.nextInt(ALPHABET.length());
            char ch = ALPHABET.charAt(p);
            if (Character.isHighSurrogate(ch)) {
                s.append(ch).append(ALPHABET.charAt(p + 1));
            } else if (!Character.isLowSurrogate(ch)) {
                s.append(ch);
            }
        }
        return s.length() == 0 && length > 0 ? "a" : s.toString();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

}

package org.lmlab.table;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Conversions between the microsecond counts a timestamp column stores and java.time values.
 * Zone-less timestamps count from 1970-01-01T00:00 wall clock, zoned ones from the UTC epoch;
 * both use the same arithmetic.
 */
public final class Micros {

    private static final long PER_SECOND = 1_000_000L;

    private Micros() {
    }

    /** @throws ArithmeticException when the value does not fit 64-bit microseconds (about ±292,000 years) */
    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1000);
    }

    /** The wall clock read as if it were UTC; sub-microsecond digits are rejected, not rounded. */
    public static long of(LocalDateTime dateTime) {
        return of(exactMicros(dateTime.toInstant(ZoneOffset.UTC)));
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1000);
    }

    public static LocalDateTime toLocalDateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, PER_SECOND),
                (int) Math.floorMod(micros, PER_SECOND) * 1000, ZoneOffset.UTC);
    }

    private static Instant exactMicros(Instant instant) {
        if (instant.getNano() % 1000 != 0) {
            throw new ArithmeticException(instant + " has nanoseconds; timestamp columns hold microseconds");
        }
        return instant;
    }
}

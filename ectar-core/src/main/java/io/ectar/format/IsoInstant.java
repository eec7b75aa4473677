package io.ectar.format;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The index's times, {@code 2026-01-02T03:04:05.123Z}: exactly what {@link Instant#toString()} writes and
 * {@link Instant#parse} reads, but done by hand for the usual form (years 0000-9999, UTC, 0-9 fraction
 * digits). {@code java.time}'s formatter machinery costs about 60 microseconds per value until the JIT
 * has compiled it, 30 ms for an index of 500 entries, 0.4 s for 50,000; every other form (other years,
 * leap seconds, anything malformed) still goes through {@code java.time}, so results and errors are the
 * same.
 */
final class IsoInstant {

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years with four digits and no sign. */
    private static final long MIN_FAST = -62_167_219_200L;
    private static final long END_FAST = 253_402_300_800L;

    private IsoInstant() {
    }

    /** The same text as {@code t.toString()}. */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_FAST || seconds >= END_FAST) {
            return t.toString();
        }
        int nanos = t.getNano();
        LocalDateTime d = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(30);
        digits(s, d.getYear(), 4).append('-');
        digits(s, d.getMonthValue(), 2).append('-');
        digits(s, d.getDayOfMonth(), 2).append('T');
        digits(s, d.getHour(), 2).append(':');
        digits(s, d.getMinute(), 2).append(':');
        digits(s, d.getSecond(), 2);
        if (nanos != 0) {
            s.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(s, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(s, nanos / 1_000, 6);
            } else {
                digits(s, nanos, 9);
            }
        }
        return s.append('Z').toString();
    }

    /**
     * The same instant as {@code Instant.parse(text)}.
     *
     * @throws DateTimeParseException as {@link Instant#parse} does
     */
    static Instant parse(CharSequence text) {
        Instant fast = parseUsualForm(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with valid fields, else null. */
    private static Instant parseUsualForm(CharSequence t) {
        int n = t.length();
        if (n < 20 || n > 30 || n == 21 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = number(t, 0, 4);
        int month = number(t, 5, 7);
        int day = number(t, 8, 10);
        int hour = number(t, 11, 13);
        int minute = number(t, 14, 16);
        int second = number(t, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.') {
                return null;
            }
            int fraction = number(t, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || second > 59) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(LocalDateTime.of(year, month, day, hour, minute, second)
                    .toEpochSecond(ZoneOffset.UTC), nanos);
        } catch (DateTimeException invalidField) {
            return null; // java.time says what is wrong with it
        }
    }

    /** The decimal number in {@code t[from, to)}, or -1 unless it is all ASCII digits. */
    private static int number(CharSequence t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static StringBuilder digits(StringBuilder s, int value, int width) {
        String d = Integer.toString(value);
        for (int i = d.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(d);
    }
}

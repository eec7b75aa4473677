package io.ectar.archive.internal.read;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * pax times ({@code mtime=-312289200.5}): decimal seconds since the epoch, negative before 1970, with up to
 * nanosecond digits (more are cut). Parsed by hand and bounded: a hostile value such as {@code 1e999999999}
 * must not make a huge number.
 */
public final class PaxTime {

    private PaxTime() {
    }

    /** The time, or null when {@code v} is not a pax time or is out of {@link Instant}'s range. */
    static Instant parse(String v) {
        int i = 0;
        boolean negative = v.startsWith("-");
        if (negative) {
            i++;
        }
        int dot = v.indexOf('.');
        int end = dot < 0 ? v.length() : dot;
        if (end == i || end - i > 18 || !digits(v, i, end)) {
            return null;
        }
        long seconds = Long.parseLong(v, i, end, 10);
        long nanos = 0;
        if (dot >= 0) {
            if (dot + 1 == v.length() || !digits(v, dot + 1, v.length())) {
                return null;
            }
            int to = Math.min(v.length(), dot + 10);
            nanos = Long.parseLong(v, dot + 1, to, 10);
            for (int d = to - dot - 1; d < 9; d++) {
                nanos *= 10;
            }
        }
        try {
            // -1.5 is 1.5 s before the epoch: second -2 plus half a second
            return negative ? Instant.ofEpochSecond(-seconds, -nanos) : Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /** The pax text of a time, with as many fraction digits as it needs (none for whole seconds). */
    public static String format(Instant t) {
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        if (nanos == 0) {
            return Long.toString(seconds);
        }
        if (seconds < 0) {
            // second -2 plus 0.5 s is -1.5
            seconds++;
            nanos = 1_000_000_000 - nanos;
        }
        StringBuilder fraction = new StringBuilder(Integer.toString(nanos + 1_000_000_000).substring(1));
        while (fraction.charAt(fraction.length() - 1) == '0') {
            fraction.setLength(fraction.length() - 1);
        }
        return (t.getEpochSecond() < 0 && seconds == 0 ? "-" : "") + seconds + "." + fraction;
    }

    private static boolean digits(String v, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}

package io.ectar.cli;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as people write it on the command line: a whole number, optionally followed by a
 * unit. Every unit is a binary multiple, whichever spelling is used:
 *
 * <ul>
 *   <li>{@code B} (or none): bytes</li>
 *   <li>{@code K}, {@code KB}, {@code KiB}: 1024 bytes</li>
 *   <li>{@code M}, {@code MB}, {@code MiB}: 1024^2</li>
 *   <li>{@code G}, {@code GB}, {@code GiB}: 1024^3</li>
 *   <li>{@code T}, {@code TB}, {@code TiB}: 1024^4</li>
 * </ul>
 *
 * <p>Units are case-insensitive and may be separated from the number by spaces: {@code 256MiB},
 * {@code 64 k}, {@code 1g}. Anything else (fractions, negative numbers, other units, overflow) is
 * rejected with a message that says what is accepted.
 *
 * @param bytes the size, never negative
 */
record ByteSize(long bytes) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d+)\\s*([KMGT](?:I?B)?|B)?\\s*",
            Pattern.CASE_INSENSITIVE);

    private static final String ACCEPTED = "use a whole number of bytes, optionally followed by K, KB, KiB, M, MB,"
            + " MiB, G, GB, GiB, T, TB or TiB (all multiples of 1024), e.g. 256MiB";

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    /** @throws IllegalArgumentException when {@code bytes} is negative */
    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative, got " + bytes);
        }
    }

    /** A size of {@code bytes} bytes. */
    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    /**
     * Parses a size such as {@code 4096}, {@code 256K}, {@code 64 MiB} or {@code 1G}.
     *
     * @throws IllegalArgumentException naming the text and the accepted syntax
     */
    public static ByteSize parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size '" + text + "': " + ACCEPTED);
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int power = "BKMGT".indexOf(unit.charAt(0));
        BigInteger value = new BigInteger(m.group(1)).shiftLeft(10 * power);
        if (value.bitLength() > 63) {
            throw new IllegalArgumentException("invalid size '" + text + "': too large (at most 8 EiB - 1)");
        }
        return new ByteSize(value.longValue());
    }

    /**
     * The size in the largest binary unit that divides it exactly, e.g. {@code 256 MiB}, {@code 1536 KiB},
     * {@code 1000 B}; {@link #parse} reads it back.
     */
    @Override
    public String toString() {
        int unit = 0;
        long value = bytes;
        while (unit < UNITS.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + " " + UNITS[unit];
    }
}

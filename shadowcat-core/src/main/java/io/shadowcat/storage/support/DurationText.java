package io.shadowcat.storage.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short duration forms people write in config files and on the command line: a whole number
 * with {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or {@code y} (365 days) ({@code 200ms}, {@code 30d},
 * {@code 7y}), or ISO-8601
 * ({@code PT1.5S}).
 */
public final class DurationText {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|y)");

    private DurationText() {
    }

    /** The duration {@code text} means, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Optional.of(Duration.ofMillis(n));
                case "s": return Optional.of(Duration.ofSeconds(n));
                case "m": return Optional.of(Duration.ofMinutes(n));
                case "h": return Optional.of(Duration.ofHours(n));
                case "y": return Optional.of(Duration.ofDays(Math.multiplyExact(n, 365L)));
                default: return Optional.of(Duration.ofDays(n));
            }
        }
        try {
            return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package io.shadowcat.tape;

import java.util.Locale;

/** How a request ended. */
public enum CorrelationStatus {
    SUCCESS, TIMEOUT, ERROR;

    /** The lowercase name used in tape files. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static CorrelationStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}

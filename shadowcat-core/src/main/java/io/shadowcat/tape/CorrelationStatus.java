package io.shadowcat.tape;

import java.util.Locale;

/**
 * How a request ended. {@link #UNANSWERED}: the session ended (or the client cancelled it) and no response
 * came; such a correlation names no response frame.
 */
public enum CorrelationStatus {
    SUCCESS, TIMEOUT, ERROR, UNANSWERED;

    /** The lowercase name used in tape files. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static CorrelationStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}

package io.shadowcat.tape;

import java.util.Locale;

/** The life-cycle state of a tape. */
public enum TapeStatus {
    RECORDING, PAUSED, FINALIZED, ERROR;

    /** The lowercase name used in tape files. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a status name, case-insensitively; unknown names are an error naming the value. */
    public static TapeStatus parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown tape status '" + text
                    + "': expected recording, paused, finalized or error", e);
        }
    }
}

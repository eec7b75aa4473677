package io.ectar.format;

import java.io.IOException;

/** An index that cannot be parsed: malformed JSON, missing fields, or a newer format version. */
public final class IndexFormatException extends IOException {
    private final boolean newerVersion;

    IndexFormatException(String message) {
        this(message, false);
    }

    /** @param newerVersion whether the index is well-formed but of a newer format version */
    IndexFormatException(String message, boolean newerVersion) {
        super(message);
        this.newerVersion = newerVersion;
    }

    IndexFormatException(String message, Throwable cause) {
        super(message, cause);
        this.newerVersion = false;
    }

    /** Whether a newer ectar wrote the index (so falling back to its shards would not help). */
    public boolean newerVersion() {
        return newerVersion;
    }
}

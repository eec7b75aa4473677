package io.ectar.archive;

import java.io.IOException;

/**
 * An archive operation that cannot go on. The message is one line for the user: what is wrong, with which
 * file, chunk or shard, and what to do about it.
 */
public class ArchiveException extends IOException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ectar.format;

import java.io.IOException;

/** A chunk payload whose {@link ChunkHeader} is missing, damaged or of a newer version. */
public final class ChunkHeaderException extends IOException {

    public ChunkHeaderException(String message) {
        super(message);
    }
}

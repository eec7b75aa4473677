package io.ectar.archive;

/**
 * Part of the tar stream is gone: a chunk could not be rebuilt ({@link #chunk()} says what happened to its
 * shards), or the shards end before the tar stream does (no index to tell how many chunks there were).
 */
public final class DataLostException extends ArchiveException {
    private final transient ChunkHealth chunk;

    public DataLostException(ChunkHealth chunk) {
        super("chunk " + chunk.chunk() + " cannot be recovered: " + chunk.describe());
        this.chunk = chunk;
    }

    public DataLostException(String message) {
        super(message);
        this.chunk = null;
    }

    /** The lost chunk, or null when the archive simply ends early. */
    public ChunkHealth chunk() {
        return chunk;
    }
}

package io.shadowcat.storage;

import io.shadowcat.tape.TapeId;

/** A stored tape cannot be read; names the tape and, when known, the line or record. */
public final class CorruptTapeException extends StorageException {

    private static final long serialVersionUID = 1L;
    private final TapeId id;
    private final long line;

    /** @param line the 1-based line (or record) number, or 0 when unknown */
    public CorruptTapeException(TapeId id, long line, String problem, Throwable cause) {
        super("corrupt tape " + id + (line > 0 ? " at line " + line : "") + ": " + problem, cause);
        this.id = id;
        this.line = line;
    }

    public TapeId id() {
        return id;
    }

    public long line() {
        return line;
    }
}

package io.shadowcat.storage;

/** A new tape was started under an id that is already stored. */
public final class TapeExistsException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final io.shadowcat.tape.TapeId id;

    public TapeExistsException(io.shadowcat.tape.TapeId id) {
        super("tape already exists: " + id + " (pick another id or delete it first)");
        this.id = id;
    }

    public io.shadowcat.tape.TapeId id() {
        return id;
    }
}

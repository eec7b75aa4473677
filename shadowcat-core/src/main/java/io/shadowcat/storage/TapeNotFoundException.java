package io.shadowcat.storage;

/** No tape is stored under this id. */
public final class TapeNotFoundException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final io.shadowcat.tape.TapeId id;

    public TapeNotFoundException(io.shadowcat.tape.TapeId id) {
        super("tape not found: " + id);
        this.id = id;
    }

    public io.shadowcat.tape.TapeId id() {
        return id;
    }
}

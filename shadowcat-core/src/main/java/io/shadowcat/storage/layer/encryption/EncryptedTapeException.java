package io.shadowcat.storage.layer.encryption;

import io.shadowcat.storage.StorageException;
import io.shadowcat.tape.TapeId;

/**
 * An encrypted tape that cannot be read: no identity configured, none of the identities opens it, or its
 * ciphertext was modified, truncated or cut short. Never a partial tape passed off as whole.
 */
public final class EncryptedTapeException extends StorageException {

    /** Why the tape could not be read. */
    public enum Reason {
        /** The storage has no {@code age_identity_file}. */
        NO_IDENTITY,
        /** None of the configured identities is a recipient of the tape (or its age header is damaged). */
        WRONG_IDENTITY,
        /** The ciphertext was modified or truncated, or a segment is missing or out of place. */
        DAMAGED
    }

    private final TapeId tape;
    private final Reason reason;

    EncryptedTapeException(TapeId tape, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.tape = tape;
        this.reason = reason;
    }

    /** The tape that could not be read. */
    public TapeId tape() {
        return tape;
    }

    public Reason reason() {
        return reason;
    }
}

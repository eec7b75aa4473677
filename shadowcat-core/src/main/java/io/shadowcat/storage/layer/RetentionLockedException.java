package io.shadowcat.storage.layer;

import io.shadowcat.storage.StorageException;
import io.shadowcat.tape.TapeId;
import java.time.Instant;

/** A delete or replacement was refused because the storage's retention lock still keeps the tape. */
public final class RetentionLockedException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final transient TapeId tape;
    private final String what;
    private final transient RetentionLock lock;
    private final Instant until;

    public RetentionLockedException(TapeId tape, String what, RetentionLock lock, Instant until) {
        super("cannot " + what + " tape " + tape + ": retention lock (" + lock + ") keeps it until " + until
                + (lock.mode() == RetentionMode.GOVERNANCE
                        ? "; under governance an authorised user may delete it with tape rm --bypass-retention"
                        : "; compliance mode allows no override"));
        this.tape = tape;
        this.what = what;
        this.lock = lock;
        this.until = until;
    }

    /** The same refusal naming {@code id} instead (a layer above knows the tape by another id). */
    public RetentionLockedException as(TapeId id) {
        return new RetentionLockedException(id, what, lock, until);
    }

    public TapeId tape() {
        return tape;
    }

    /** When the lock stops keeping the tape. */
    public Instant until() {
        return until;
    }
}

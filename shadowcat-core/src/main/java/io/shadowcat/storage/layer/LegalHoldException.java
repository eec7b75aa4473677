package io.shadowcat.storage.layer;

import io.shadowcat.storage.StorageException;

/** A delete or replacement was refused because the tape is under a legal hold. */
public final class LegalHoldException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final transient LegalHold hold;
    private final String what;

    public LegalHoldException(String what, LegalHold hold) {
        super("cannot " + what + " tape " + hold.tape() + ": it is under a legal hold since " + hold.since()
                + " (by " + hold.actor() + "); release it first with shadowcat tape release " + hold.tape());
        this.hold = hold;
        this.what = what;
    }

    /** The same refusal naming {@code id} instead (a layer above knows the tape by another id). */
    public LegalHoldException as(io.shadowcat.tape.TapeId id) {
        return new LegalHoldException(what, new LegalHold(id, hold.reason(), hold.since(), hold.actor()));
    }

    public LegalHold hold() {
        return hold;
    }
}

package io.shadowcat.storage.layer;

import io.shadowcat.storage.StorageException;

/** A delete or replacement was refused because the tape is under a legal hold. */
public final class LegalHoldException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final transient LegalHold hold;

    public LegalHoldException(String what, LegalHold hold) {
        super("cannot " + what + " tape " + hold.tape() + ": it is under a legal hold since " + hold.since()
                + " (by " + hold.actor() + "); release it first with shadowcat tape release " + hold.tape());
        this.hold = hold;
    }

    public LegalHold hold() {
        return hold;
    }
}

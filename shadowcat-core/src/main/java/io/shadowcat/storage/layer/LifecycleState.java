package io.shadowcat.storage.layer;

import io.shadowcat.tape.TapeId;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a tape may be deleted now, and why not: what {@code tape show} and {@code tape list} print.
 *
 * @param lock the storage's retention lock, or null when it has none
 * @param lockedUntil until when the lock keeps this tape, or null when it does not (any more)
 * @param hold the legal hold on it, or null
 */
public record LifecycleState(TapeId tape, RetentionLock lock, Instant lockedUntil, LegalHold hold) {

    public boolean locked() {
        return lockedUntil != null;
    }

    public boolean held() {
        return hold != null;
    }

    public Optional<LegalHold> legalHold() {
        return Optional.ofNullable(hold);
    }
}

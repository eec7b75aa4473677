package io.shadowcat.storage.layer;

import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.TapeId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Retention lock and legal holds of a storage, reached with {@code StorageLayers.find(backend,
 * TapeLifecycle.class)} on any backend the registry opened (the layer is always on). Holds are stored in the
 * storage itself, through the backend API, so every process and every provider sees the same ones.
 * Thread-safe.
 */
public interface TapeLifecycle {

    /** The lock in force: the stored one, or the one configured. */
    Optional<RetentionLock> retentionLock();

    /** A tape's lock and hold state. @throws io.shadowcat.storage.TapeNotFoundException when absent */
    LifecycleState state(TapeId id);

    /** Until when the lock keeps this listed tape, or empty. No storage access. */
    Optional<Instant> lockedUntil(TapeSummary tape);

    /** Every legal hold, by held tape. */
    Map<TapeId, LegalHold> holds();

    /**
     * Places a legal hold. Holding a held tape again keeps the first hold (and returns it).
     *
     * @throws io.shadowcat.storage.TapeNotFoundException when the tape is not stored
     * @throws io.shadowcat.storage.StorageException when the provider expires tapes itself and so could not
     *     honour the hold
     */
    LegalHold hold(TapeId id, String reason);

    /** Releases a legal hold; false when the tape was not held. */
    boolean release(TapeId id);

    /**
     * Deletes a tape a governance lock still keeps (a legal hold still blocks it).
     *
     * @return false when there was no such tape
     * @throws RetentionLockedException under a compliance lock
     * @throws LegalHoldException when the tape is held
     */
    boolean deleteBypassingRetention(TapeId id);
}

package io.shadowcat.storage.layer;

import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A storage's retention lock: a finalized tape cannot be deleted, replaced or shortened until it is
 * {@code minAge} old, counted from when it was created.
 */
public record RetentionLock(RetentionMode mode, Duration minAge) {

    public RetentionLock {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(minAge, "minAge");
        if (minAge.isNegative() || minAge.isZero()) {
            throw new IllegalArgumentException("retention_min_age must be positive, got " + minAge);
        }
    }

    /** Until when {@code tape} is locked, or empty when it is not (not finalized, or old enough). */
    public Optional<Instant> lockedUntil(TapeStatus status, Instant createdAt, Instant now) {
        if (status != TapeStatus.FINALIZED) {
            return Optional.empty();
        }
        Instant until = createdAt.plus(minAge);
        return now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    /** As {@link #lockedUntil(TapeStatus, Instant, Instant)} for a stored tape's header. */
    public Optional<Instant> lockedUntil(TapeHeader header, Instant now) {
        return lockedUntil(header.metadata().status(), header.createdAt(), now);
    }

    /** True when this lock keeps at least what {@code other} keeps: same or stricter mode, same or longer age. */
    public boolean atLeast(RetentionLock other) {
        return (mode == RetentionMode.COMPLIANCE || other.mode == RetentionMode.GOVERNANCE)
                && minAge.compareTo(other.minAge) >= 0;
    }

    @Override
    public String toString() {
        return mode.text() + " for " + Durations.text(minAge);
    }
}

package io.shadowcat.tape;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A periodic mark in a tape file: the counters as of frame {@code seq}. Written at the end of a tape and,
 * for long recordings, now and then while recording, so a reader of a torn file knows how far it got.
 *
 * @param at when the checkpoint was written (millisecond precision)
 * @param seq the last frame written before the checkpoint
 * @param stats the counters at that point (only frame, duration, message, error and correlation counts are
 *     stored)
 */
public record Checkpoint(Instant at, long seq, TapeStats stats) implements TapeRecord {

    public Checkpoint {
        Objects.requireNonNull(at, "at");
        at = at.truncatedTo(ChronoUnit.MILLIS);
        stats = stats == null ? TapeStats.EMPTY : stats;
    }
}

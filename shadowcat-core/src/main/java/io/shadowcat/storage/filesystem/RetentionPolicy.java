package io.shadowcat.storage.filesystem;

import io.shadowcat.storage.InvalidConfigException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which finished tapes to delete: those that ended more than {@code maxAge} ago, and all but the
 * {@code maxCount} that ended last. A tape's age counts from when it ended ({@link TapeIndexEntry#endedAt()}),
 * never from when it started, so a long recording is not expired the moment it finishes. Tapes still
 * recording are never touched (nor counted).
 *
 * @param maxAge null for no age limit
 * @param maxCount 0 for no count limit
 */
record RetentionPolicy(Duration maxAge, long maxCount) {

    static final String MAX_AGE = "retention_max_age";
    static final String MAX_COUNT = "retention_max_count";
    private static final Comparator<TapeIndexEntry> LAST_ENDED_FIRST = Comparator.comparing(TapeIndexEntry::endedAt)
            .reversed().thenComparing(e -> e.id().value());

    static RetentionPolicy parse(StorageSettings s) {
        Duration age = s.duration(MAX_AGE, null);
        long count = s.longValue(MAX_COUNT, 0);
        if (age != null && (age.isNegative() || age.isZero())) {
            throw new InvalidConfigException(s.provider(), MAX_AGE, "must be positive, e.g. 30d");
        }
        if (count < 0) {
            throw new InvalidConfigException(s.provider(), MAX_COUNT, "must be 0 (no limit) or more, got " + count);
        }
        return new RetentionPolicy(age, count);
    }

    boolean isNone() {
        return maxAge == null && maxCount == 0;
    }

    /** The tapes to delete among {@code entries} (in any order). */
    List<TapeId> expired(Collection<TapeIndexEntry> entries, Instant now, Set<TapeId> recording) {
        List<TapeIndexEntry> finished = new ArrayList<>();
        for (TapeIndexEntry e : entries) {
            TapeSummary s = e.summary();
            // A recording that never finished (its writer crashed or failed) is kept for a person to look at.
            boolean interrupted = s.status() == TapeStatus.ERROR && e.finishedAt() == null;
            if (s.status() != TapeStatus.RECORDING && s.status() != TapeStatus.PAUSED && !interrupted
                    && !recording.contains(s.id())) {
                finished.add(e);
            }
        }
        finished.sort(LAST_ENDED_FIRST);
        List<TapeId> out = new ArrayList<>();
        Instant cutoff = maxAge == null ? null : now.minus(maxAge);
        long kept = 0;
        for (TapeIndexEntry e : finished) {
            if ((cutoff != null && e.endedAt().isBefore(cutoff)) || (maxCount > 0 && kept >= maxCount)) {
                out.add(e.id());
            } else {
                kept++;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return (maxAge == null ? "" : "max age " + maxAge.toString().substring(2).toLowerCase())
                + (maxAge != null && maxCount > 0 ? ", " : "") + (maxCount > 0 ? "max count " + maxCount : "");
    }
}

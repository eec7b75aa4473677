package io.shadowcat.storage;

import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.Set;

/**
 * Filters for listing tapes, newest first. Null fields do not filter.
 *
 * @param tags every tag must be present
 * @param nameContains case-insensitive substring of the tape name
 * @param limit page size, at least 1
 */
public record TapeQuery(Set<String> tags, TapeStatus status, String sessionId, String nameContains,
                        Instant createdAfter, Instant createdBefore, int offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;

    public TapeQuery {
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
    }

    /** Every tape, first page. */
    public static TapeQuery all() {
        return new TapeQuery(Set.of(), null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    public TapeQuery page(int newOffset, int newLimit) {
        return new TapeQuery(tags, status, sessionId, nameContains, createdAfter, createdBefore, newOffset, newLimit);
    }
}

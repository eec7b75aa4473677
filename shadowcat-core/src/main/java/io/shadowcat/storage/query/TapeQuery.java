package io.shadowcat.storage.query;

import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import io.shadowcat.storage.TapeSummary;

/**
 * Filters for listing tapes, newest first. Null fields do not filter.
 *
 * @param status only tapes in this state
 * @param sessionId only tapes of this recorded session
 * @param createdAfter only tapes created at or after this instant
 * @param createdBefore only tapes created before this instant
 * @param offset how many matches to skip
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

    /** True when {@code tape} passes every filter of this query (paging aside). */
    public boolean matches(TapeSummary tape) {
        return (status == null || status == tape.status())
                && (sessionId == null || sessionId.equals(tape.sessionId()))
                && (nameContains == null || (tape.name() != null
                        && tape.name().toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT))))
                && (createdAfter == null || !tape.createdAt().isBefore(createdAfter))
                && (createdBefore == null || tape.createdAt().isBefore(createdBefore))
                && (tags.isEmpty() || tape.tags().containsAll(tags));
    }

    /** Tapes newest first, then by id: the order every listing uses. */
    public static final Comparator<TapeSummary> NEWEST_FIRST =
            Comparator.comparing(TapeSummary::createdAt).reversed().thenComparing(TapeSummary::id);

    /** A copy filtering on {@code status}. */
    public TapeQuery withStatus(TapeStatus newStatus) {
        return new TapeQuery(tags, newStatus, sessionId, nameContains, createdAfter, createdBefore, offset, limit);
    }

    /** A copy requiring these tags. */
    public TapeQuery withTags(Set<String> newTags) {
        return new TapeQuery(newTags, status, sessionId, nameContains, createdAfter, createdBefore, offset, limit);
    }

    public TapeQuery page(int newOffset, int newLimit) {
        return new TapeQuery(tags, status, sessionId, nameContains, createdAfter, createdBefore, newOffset, newLimit);
    }
}

package io.shadowcat.storage.query;

import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A search over tapes and their messages, in the syntax every provider accepts:
 *
 * <pre>
 *   weather "tool call failed" method:tools/call tool:get_forecast tag:prod session:abc
 *   status:finalized after:2026-01-01 before:2026-02-01T12:00:00Z
 * </pre>
 *
 * <p>Bare words and {@code "quoted phrases"} must all occur in a tape (in a message, the method, a tool
 * name, the tape name, description or tags); filters narrow further; {@code tag:} may repeat. Dates are
 * {@code YYYY-MM-DD} (midnight UTC) or ISO-8601 instants. An empty query matches every tape.
 *
 * @param terms bare words, each must match
 * @param phrases quoted phrases, each must match as a whole
 */
public record SearchQuery(List<String> terms, List<String> phrases, String method, String tool, Set<String> tags,
                          String session, TapeStatus status, Instant after, Instant before, int offset, int limit) {

    /** The filter prefixes understood in query text. */
    public static final List<String> FILTERS =
            List.of("method", "tool", "tag", "session", "status", "after", "before");

    public SearchQuery {
        terms = terms == null ? List.of() : List.copyOf(terms);
        phrases = phrases == null ? List.of() : List.copyOf(phrases);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
    }

    /** Parses query text, first page of {@link TapeQuery#DEFAULT_LIMIT} results. */
    public static SearchQuery parse(String text) {
        return parse(text, 0, TapeQuery.DEFAULT_LIMIT);
    }

    /**
     * Parses query text.
     *
     * @throws IllegalArgumentException naming the bad token: an unknown filter, an unterminated quote,
     *     a bad date or status
     */
    public static SearchQuery parse(String text, int offset, int limit) {
        return SearchQueryParser.parse(text, offset, limit);
    }

    /** True when there is text to match (terms or phrases), not only filters. */
    public boolean hasText() {
        return !terms.isEmpty() || !phrases.isEmpty();
    }

    public SearchQuery page(int newOffset, int newLimit) {
        return new SearchQuery(terms, phrases, method, tool, tags, session, status, after, before, newOffset, newLimit);
    }
}

package io.shadowcat.storage;

import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
        List<String> terms = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        Set<String> tags = new LinkedHashSet<>();
        String method = null;
        String tool = null;
        String session = null;
        TapeStatus status = null;
        Instant after = null;
        Instant before = null;
        for (Token token : tokenize(text == null ? "" : text)) {
            if (token.quoted()) {
                phrases.add(token.text());
                continue;
            }
            String word = token.text();
            int colon = word.indexOf(':');
            String key = colon > 0 ? word.substring(0, colon) : null;
            if (key == null || !key.chars().allMatch(c -> c >= 'a' && c <= 'z') || word.startsWith(key + "://")) {
                terms.add(word);
                continue;
            }
            String value = word.substring(colon + 1);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty value for filter '" + key + ":'");
            }
            switch (key) {
                case "method" -> method = value;
                case "tool" -> tool = value;
                case "tag" -> tags.add(value);
                case "session" -> session = value;
                case "status" -> status = TapeStatus.parse(value);
                case "after" -> after = instant(key, value);
                case "before" -> before = instant(key, value);
                default -> throw new IllegalArgumentException("unknown search filter '" + key
                        + ":' (known: " + String.join(":, ", FILTERS) + ":)");
            }
        }
        return new SearchQuery(terms, phrases, method, tool, tags, session, status, after, before, offset, limit);
    }

    /** True when there is text to match (terms or phrases), not only filters. */
    public boolean hasText() {
        return !terms.isEmpty() || !phrases.isEmpty();
    }

    public SearchQuery page(int newOffset, int newLimit) {
        return new SearchQuery(terms, phrases, method, tool, tags, session, status, after, before, newOffset, newLimit);
    }

    private static Instant instant(String key, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad date for '" + key + ":': '" + value
                    + "' (use YYYY-MM-DD or an ISO-8601 instant such as 2026-01-31T12:00:00Z)");
        }
    }

    private record Token(String text, boolean quoted) {
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote in search query: " + text.substring(i));
                }
                String phrase = text.substring(i + 1, end).trim();
                if (!phrase.isEmpty()) {
                    tokens.add(new Token(phrase, true));
                }
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), false));
            }
        }
        return tokens;
    }
}

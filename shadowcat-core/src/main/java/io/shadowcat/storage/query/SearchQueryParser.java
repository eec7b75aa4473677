package io.shadowcat.storage.query;

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
 * The query text syntax of {@link SearchQuery#parse(String, int, int)}: words, {@code "quoted phrases"} and
 * {@code key:value} filters. Kept apart from the value type so that the record stays a plain value and the
 * grammar has one home.
 */
final class SearchQueryParser {

    private SearchQueryParser() {
    }

    static SearchQuery parse(String text, int offset, int limit) {
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
                        + ":' (known: " + String.join(":, ", SearchQuery.FILTERS) + ":)");
            }
        }
        return new SearchQuery(terms, phrases, method, tool, tags, session, status, after, before, offset, limit);
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

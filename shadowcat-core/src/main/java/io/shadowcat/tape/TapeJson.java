package io.shadowcat.tape;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The JSON settings every tape reader and writer shares: a message's parsed form keeps numbers' precision
 * and scale (no binary floating point), trailing garbage after a value is an error rather than silently
 * dropped, large payloads are not refused, and nesting up to {@link #MAX_NESTING_DEPTH} is read. (The text
 * itself is kept as written: {@link Frame#text()}.)
 *
 * <p>Providers that keep messages as JSON text (a database column, say) should parse them back with
 * {@link #mapper()} for the same fidelity.
 */
public final class TapeJson {

    /**
     * How deep a message may nest and still be a message on the tape (deeper, the recorder notes the line as
     * text). Jackson's default of 1000 refused lines that clients read (JSON.parse has no limit); the code
     * that walks a message tree recursively (equality, matching, search) stays well within a 1 MB thread
     * stack at twice that, which it does not at 3000.
     */
    public static final int MAX_NESTING_DEPTH = 2000;

    // A tape record holds its message a few levels down (frame -> env -> message): room for them.
    private static final int RECORD_NESTING = 16;

    private static final ObjectMapper MAPPER = mapper(MAX_NESTING_DEPTH + RECORD_NESTING);
    private static final ObjectMapper MESSAGES = mapper(MAX_NESTING_DEPTH);

    private static ObjectMapper mapper(int depth) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxStringLength(Integer.MAX_VALUE)
                                .maxNumberLength(100_000)
                                .maxNestingDepth(depth)
                                .build())
                        .streamWriteConstraints(StreamWriteConstraints.builder()
                                .maxNestingDepth(depth)
                                .build())
                        .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                        .build())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private TapeJson() {
    }

    /** The shared mapper; thread-safe. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a message as it crossed the wire, nested at most {@link #MAX_NESTING_DEPTH} deep (so that the
     * record holding it reads back).
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException when it is not one JSON value within that depth
     */
    public static JsonNode readMessage(String text) throws com.fasterxml.jackson.core.JsonProcessingException {
        return MESSAGES.readTree(text);
    }

    /** Parses one JSON value, e.g. a message stored as text. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The compact one-line text of a JSON value (no line breaks: control characters are escaped). */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialize JSON", e);
        }
    }

    /** Formats an instant as tape files do: RFC 3339, UTC, milliseconds, e.g. {@code 2025-08-14T10:30:00.000Z}. */
    public static String formatInstant(Instant instant) {
        return RFC3339_MILLIS.format(instant);
    }

    /**
     * Reads a time as tape files have written it: RFC 3339 with {@code Z} or an offset, a local date-time
     * (taken as UTC), or a JSON number of epoch milliseconds. Returns null for null or missing nodes.
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static Instant parseInstant(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        return parseInstant(node.asText());
    }

    static Instant parseInstant(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() < 19) {
                    return Instant.ofEpochMilli(Long.parseLong(t));
                }
                throw new IllegalArgumentException("not a date-time: '" + text
                        + "' (expected RFC 3339 such as 2025-08-14T10:30:00.000Z or epoch milliseconds)");
            }
        }
    }
}

package io.shadowcat.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One JSON-RPC message of a session, as it crossed the wire.
 *
 * @param seq position in the tape, from 0, strictly increasing
 * @param ts milliseconds since the tape started (not epoch)
 * @param direction which way the message travelled
 * @param message the JSON-RPC message, parsed (for matching, indexing and search): ids keep their JSON type,
 *     unknown fields are kept
 * @param transport transport metadata as stored on the tape (e.g. {@code {"stdio":{"process_id":1}}}),
 *     or null
 * @param correlationId links a request to its response, or null
 * @param flags the message's kind; derived from the message when null
 * @param timestamp the wall-clock time the message was captured (millisecond precision), or null when
 *     not known; stored as the envelope's {@code timestamp}
 * @param text the message's JSON text exactly as it crossed the wire (numbers as written, escapes and key
 *     order kept, from its first character to its last: whitespace around the value is not part of it),
 *     which is what the tape stores and replay sends; it must be the JSON text of {@code message} (not
 *     checked: parsing every frame twice would double a reader's cost). When null, the compact text of
 *     {@code message} stands in (a frame built from a tree). The recorder's masks change only the masked
 *     values of the text
 */
public record Frame(long seq, long ts, Direction direction, JsonNode message, JsonNode transport,
                    String correlationId, FrameFlags flags, Instant timestamp, String text) implements TapeRecord {

    public Frame {
        if (seq < 0) {
            throw new IllegalArgumentException("frame seq must be >= 0, got " + seq);
        }
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(message, "message");
        if (flags == null) {
            flags = FrameFlags.of(message);
        }
        if (timestamp != null) {
            timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
        }
        if (text == null) {
            text = TapeJson.compact(message);
        }
    }

    /** A frame whose text is the compact text of {@code message}. */
    public Frame(long seq, long ts, Direction direction, JsonNode message, JsonNode transport,
                 String correlationId, FrameFlags flags, Instant timestamp) {
        this(seq, ts, direction, message, transport, correlationId, flags, timestamp, null);
    }

    /** A frame without a wall-clock timestamp. */
    public Frame(long seq, long ts, Direction direction, JsonNode message, JsonNode transport,
                 String correlationId, FrameFlags flags) {
        this(seq, ts, direction, message, transport, correlationId, flags, null, null);
    }

    /** A frame with no transport metadata or correlation id, flags derived from the message. */
    public static Frame of(long seq, long ts, Direction direction, JsonNode message) {
        return new Frame(seq, ts, direction, message, null, null, FrameFlags.of(message), null, null);
    }

    /**
     * A frame with no transport metadata or correlation id whose message is {@code json}, kept as written.
     *
     * @throws IllegalArgumentException when {@code json} is not one JSON value
     */
    public static Frame ofText(long seq, long ts, Direction direction, String json) {
        JsonNode message = TapeJson.parse(json);
        return new Frame(seq, ts, direction, message, null, null, FrameFlags.of(message), null,
                io.shadowcat.tape.internal.JsonText.trim(json));
    }

    /** A copy captured at {@code wallClock}. */
    public Frame withTimestamp(Instant wallClock) {
        return new Frame(seq, ts, direction, message, transport, correlationId, flags, wallClock, text);
    }

    /** The JSON-RPC method, or null for responses. */
    public String method() {
        JsonNode m = message.isArray() && message.size() > 0 ? message.get(0) : message;
        JsonNode method = m.get("method");
        return method != null && method.isTextual() ? method.asText() : null;
    }

    /** The tool named by a {@code tools/call} request, or null. */
    public String toolName() {
        if (!"tools/call".equals(method())) {
            return null;
        }
        JsonNode m = message.isArray() ? message.get(0) : message;
        JsonNode name = m.path("params").path("name");
        return name.isTextual() ? name.asText() : null;
    }
}

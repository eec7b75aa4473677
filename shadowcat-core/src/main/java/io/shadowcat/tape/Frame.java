package io.shadowcat.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One JSON-RPC message of a session, as it crossed the wire.
 *
 * @param seq position in the tape, from 0, strictly increasing
 * @param ts milliseconds since the tape started (not epoch)
 * @param direction which way the message travelled
 * @param message the JSON-RPC message verbatim: ids keep their JSON type, unknown fields are kept
 * @param transport transport metadata as stored on the tape (e.g. {@code {"stdio":{"process_id":1}}}),
 *     or null
 * @param correlationId links a request to its response, or null
 * @param flags the message's kind
 */
public record Frame(long seq, long ts, Direction direction, JsonNode message, JsonNode transport,
                    String correlationId, FrameFlags flags) {

    public Frame {
        if (seq < 0) {
            throw new IllegalArgumentException("frame seq must be >= 0, got " + seq);
        }
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(message, "message");
        if (flags == null) {
            flags = FrameFlags.of(message);
        }
    }

    /** A frame with no transport metadata or correlation id, flags derived from the message. */
    public static Frame of(long seq, long ts, Direction direction, JsonNode message) {
        return new Frame(seq, ts, direction, message, null, null, FrameFlags.of(message));
    }

    /** The JSON-RPC method, or null for responses. */
    public String method() {
        JsonNode m = message.isArray() && message.size() > 0 ? message.get(0) : message;
        JsonNode method = m.get("method");
        return method != null && method.isTextual() ? method.asText() : null;
    }
}

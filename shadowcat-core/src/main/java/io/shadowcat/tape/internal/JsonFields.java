package io.shadowcat.tape.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowcat.tape.TapeStats;

/**
 * Field readers shared by the JSON Lines reader and the meta codec: a tape's {@code .jsonl} and its
 * {@code .meta.json} must read a text field and a {@code stats} object alike (lenient: missing reads as the
 * fallback or 0), and one copy keeps them so.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The text of {@code field} in {@code n}, or {@code fallback} when it is missing, null or not a scalar. */
    public static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return fallback;
        }
        return v.asText();
    }

    /** Reads the {@code stats} object of a metadata file or checkpoint; a missing counter reads as 0. */
    public static TapeStats stats(JsonNode s) {
        JsonNode counts = s.path("message_counts");
        return new TapeStats(s.path("frame_count").asLong(0), s.path("duration_ms").asLong(0),
                s.path("file_size_bytes").asLong(0), s.path("last_sequence").asLong(0),
                counts.path("client_to_server").asLong(0), counts.path("server_to_client").asLong(0),
                s.path("error_count").asLong(0), s.path("correlation_count").asLong(0),
                s.path("checkpoint_count").asLong(0));
    }
}

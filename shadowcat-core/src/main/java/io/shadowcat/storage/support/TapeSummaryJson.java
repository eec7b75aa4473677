package io.shadowcat.storage.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.tape.TapeJson;

/**
 * The JSON fields of a {@link TapeSummary}, written in one place: the filesystem index journal and
 * {@code shadowcat tape list --format json} print the same names, formats and order.
 */
public final class TapeSummaryJson {

    private TapeSummaryJson() {
    }

    /**
     * A new object with {@code id}, {@code name}, {@code session_id}, {@code created_at}, {@code status},
     * {@code frame_count}, {@code duration_ms}, {@code size_bytes} and {@code tags}, in that order.
     */
    public static ObjectNode toJson(TapeSummary s) {
        ObjectNode n = TapeJson.mapper().createObjectNode();
        n.put("id", s.id().value());
        n.put("name", s.name());
        n.put("session_id", s.sessionId());
        n.put("created_at", TapeJson.formatInstant(s.createdAt()));
        n.put("status", s.status().wireName());
        n.put("frame_count", s.frameCount());
        n.put("duration_ms", s.durationMs());
        n.put("size_bytes", s.sizeBytes());
        ArrayNode tags = n.putArray("tags");
        s.tags().forEach(tags::add);
        return n;
    }
}

package io.shadowcat.storage.filesystem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.support.TapeSummaryJson;
import io.shadowcat.storage.support.TextSignature;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the directory index keeps of a tape: its summary, description, and the methods and tools its frames
 * use (null when not known, e.g. after a rebuild from files), and a {@link TextSignature} of its messages (null
 * when not known), so listing and most searches never open a tape.
 *
 * @param finishedAt when the tape was finalized (its metadata's {@code finalized_at}), null while recording or
 *     when not known (journals written before it was kept); retention counts a tape's age from here
 */
record TapeIndexEntry(TapeSummary summary, String description, Set<String> methods, Set<String> tools,
                  TextSignature signature, Instant finishedAt) {

    /** Beyond this many distinct methods or tools a tape's set is dropped (treated as unknown). */
    static final int MAX_NAMES = 64;

    TapeIndexEntry {
        methods = methods == null ? null : Set.copyOf(methods);
        tools = tools == null ? null : Set.copyOf(tools);
    }

    TapeId id() {
        return summary.id();
    }

    TapeIndexEntry withSummary(TapeSummary s) {
        return new TapeIndexEntry(s, description, methods, tools, signature, finishedAt);
    }

    /**
     * When the tape ended: {@link #finishedAt} when known, else its creation plus its duration (the time of
     * its last frame), which is never later than the real end.
     */
    Instant endedAt() {
        return finishedAt != null ? finishedAt : summary.createdAt().plusMillis(Math.max(0, summary.durationMs()));
    }

    /** The journal line of a put. */
    ObjectNode toJson() {
        ObjectNode s = TapeSummaryJson.toJson(summary);
        ObjectNode n = TapeJson.mapper().createObjectNode();
        n.put("op", "put");
        // description sits after the name in the journal: place it, then setAll keeps id and name where they are
        n.set("id", s.get("id"));
        n.set("name", s.get("name"));
        n.put("description", description);
        n.setAll(s);
        names(n, "methods", methods);
        names(n, "tools", tools);
        n.put("text_signature", signature == null || signature.saturated() ? null : signature.toBase64());
        if (finishedAt != null) {
            n.put("finished_at", TapeJson.formatInstant(finishedAt));
        }
        return n;
    }

    static ObjectNode deletion(TapeId id) {
        ObjectNode n = TapeJson.mapper().createObjectNode();
        n.put("op", "del");
        n.put("id", id.value());
        return n;
    }

    /** Reads a put line; throws IllegalArgumentException when it is not one. */
    static TapeIndexEntry fromJson(JsonNode n) {
        Instant created = TapeJson.parseInstant(n.get("created_at"));
        if (created == null) {
            throw new IllegalArgumentException("no created_at");
        }
        List<String> tags = new ArrayList<>();
        n.path("tags").forEach(t -> tags.add(t.asText()));
        TapeSummary s = new TapeSummary(TapeId.of(n.path("id").asText()), text(n, "name"), text(n, "session_id"),
                created, TapeStatus.parse(n.path("status").asText("recording")), n.path("frame_count").asLong(),
                n.path("duration_ms").asLong(), n.path("size_bytes").asLong(), tags);
        return new TapeIndexEntry(s, text(n, "description"), readNames(n.get("methods")), readNames(n.get("tools")),
                TextSignature.fromBase64(text(n, "text_signature")), TapeJson.parseInstant(n.get("finished_at")));
    }

    private static void names(ObjectNode n, String field, Set<String> names) {
        if (names == null) {
            n.putNull(field);
        } else {
            ArrayNode a = n.putArray(field);
            new TreeSet<>(names).forEach(a::add);
        }
    }

    private static Set<String> readNames(JsonNode a) {
        if (a == null || !a.isArray()) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        a.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

package io.shadowcat.tape;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.shadowcat.storage.support.TapeStatsCollector;
import io.shadowcat.tape.internal.JsonFields;

/**
 * Imports the older monolithic JSON tape, one document per tape:
 *
 * <pre>
 * {"metadata": {"id", "session_id", "name", "transport_type", "created_at", "duration_ms", "frame_count",
 *               "total_bytes", "tags"},
 *  "frames": [{"id", "session_id", "timestamp", "direction": "ClientToServer", "message": {...}}, ...]}
 * </pre>
 *
 * <p>Frames may hold {@code envelope.message} instead of {@code message}; timestamps may be RFC 3339 or
 * epoch milliseconds. Frames are numbered from 0 in file order; a frame without a message is skipped with
 * a warning naming its index. The imported tape is finalized, its stats counted from the frames.
 */
final class LegacyJsonTape {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyJsonTape.class);

    private LegacyJsonTape() {
    }

    /** True when {@code root} looks like a legacy tape (an object with {@code metadata} and {@code frames}). */
    public static boolean looksLegacy(JsonNode root) {
        return root != null && root.isObject() && root.path("frames").isArray() && root.has("metadata");
    }

    /**
     * Reads a legacy tape.
     *
     * @param idOverride the id to store it under, or null to take {@code metadata.id}
     * @throws TapeFormatException when the document is not a legacy tape or has no valid id
     */
    public static Tape read(InputStream in, TapeId idOverride, String source) throws IOException {
        JsonNode root;
        try {
            root = TapeJson.mapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TapeFormatException(source, 0, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        return fromTree(root, idOverride, source);
    }

    /** Converts a parsed legacy document. */
    public static Tape fromTree(JsonNode root, TapeId idOverride, String source) throws TapeFormatException {
        if (!looksLegacy(root)) {
            throw new TapeFormatException(source, 0,
                    "not a legacy Shadowcat tape (expected an object with \"metadata\" and \"frames\")");
        }
        JsonNode meta = root.get("metadata");
        String idText = JsonFields.text(meta, "id", JsonFields.text(meta, "tape_id", null));
        TapeId id = idOverride;
        if (id == null) {
            if (!TapeId.isValid(idText)) {
                throw new TapeFormatException(source, 0, "metadata.id '" + idText
                        + "' is not a valid tape id; import it under another id");
            }
            id = TapeId.of(idText);
        }
        Instant created;
        try {
            created = TapeJson.parseInstant(meta.get("created_at"));
        } catch (IllegalArgumentException e) {
            throw new TapeFormatException(source, 0, "metadata.created_at: " + e.getMessage(), e);
        }
        List<Frame> frames = new ArrayList<>();
        TapeStatsCollector stats = new TapeStatsCollector();
        JsonNode items = root.get("frames");
        for (int i = 0; i < items.size(); i++) {
            Frame f = frame(items.get(i), frames.size(), created, source, i);
            if (f == null) {
                continue;
            }
            if (created == null) {
                created = f.timestamp() != null ? f.timestamp() : Instant.EPOCH;
                f = frame(items.get(i), frames.size(), created, source, i);
            }
            frames.add(f);
            stats.accept(f);
        }
        if (created == null) {
            created = Instant.EPOCH;
        }
        String transportType = JsonFields.text(meta, "transport_type", null);
        TapeMetadata metadata = TapeMetadata.named(JsonFields.text(meta, "name", null))
                .withTags(tags(meta.get("tags")))
                .withTransport(transportType == null ? null : new TransportInfo(transportType, null, null, null))
                .withStatus(TapeStatus.FINALIZED)
                .withStats(stats.stats(meta.path("total_bytes").asLong(0)))
                .withPerformance(stats.performance());
        return new Tape(new TapeHeader(id, JsonFields.text(meta, "session_id", null), created, null, metadata),
                frames, List.of());
    }

    private static Frame frame(JsonNode f, long seq, Instant created, String source, int index) {
        JsonNode message = f.has("message") ? f.get("message") : f.path("envelope").get("message");
        String dir = JsonFields.text(f, "direction", null);
        if (message == null || message.isNull() || dir == null) {
            LOG.warn("{}: frames[{}]: skipped (no message or direction)", source, index);
            return null;
        }
        Direction direction;
        Instant at;
        try {
            direction = Direction.parse(dir);
            at = TapeJson.parseInstant(f.get("timestamp"));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: frames[{}]: skipped ({})", source, index, e.getMessage());
            return null;
        }
        long ts = at != null && created != null ? Math.max(0, at.toEpochMilli() - created.toEpochMilli()) : 0;
        return new Frame(seq, ts, direction, message, null, null, null, at);
    }

    private static List<String> tags(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(t -> out.add(t.asText()));
        }
        return out;
    }
}

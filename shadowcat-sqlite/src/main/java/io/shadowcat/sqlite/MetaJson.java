package io.shadowcat.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.tape.EnvironmentInfo;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStats;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A tape's header as the {@code tapes.meta} column holds it: the shape of the JSON Lines companion file
 * {@code ID.meta.json} (snake_case, RFC 3339 instants), plus the header's {@code session_id} and
 * {@code protocol_version}, so the column alone describes the tape.
 */
final class MetaJson {

    private MetaJson() {
    }

    static String write(TapeHeader header) {
        TapeMetadata m = header.metadata();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("tape_id", header.id().value());
        o.put("session_id", header.sessionId());
        o.put("protocol_version", header.protocolVersion());
        o.put("name", m.name());
        o.put("description", m.description());
        ArrayNode tags = o.putArray("tags");
        m.tags().forEach(tags::add);
        o.put("created_at", header.createdAt().toString());
        o.put("updated_at", text(m.updatedAt()));
        o.put("finalized_at", text(m.finalizedAt()));
        o.put("status", m.status().wireName());
        if (m.transport() != null) {
            TransportInfo t = m.transport();
            ObjectNode tn = o.putObject("transport");
            tn.put("type", t.type());
            tn.put("command", t.command());
            ArrayNode args = tn.putArray("args");
            t.args().forEach(args::add);
            tn.put("process_id", t.processId());
        }
        EnvironmentInfo e = m.environment();
        ObjectNode en = o.putObject("environment");
        en.put("platform", e.platform());
        en.put("shadowcat_version", e.shadowcatVersion());
        en.put("hostname", e.hostname());
        en.put("user", e.user());
        TapeStats s = m.stats();
        ObjectNode sn = o.putObject("stats");
        sn.put("frame_count", s.frameCount());
        sn.put("duration_ms", s.durationMs());
        sn.put("file_size_bytes", s.fileSizeBytes());
        sn.put("last_sequence", s.lastSequence());
        ObjectNode counts = sn.putObject("message_counts");
        counts.put("client_to_server", s.clientToServer());
        counts.put("server_to_client", s.serverToClient());
        sn.put("error_count", s.errorCount());
        sn.put("correlation_count", s.correlationCount());
        sn.put("checkpoint_count", s.checkpointCount());
        return Json.write(o);
    }

    static TapeHeader read(TapeId id, String text) throws com.fasterxml.jackson.core.JsonProcessingException {
        JsonNode o = Json.read(text);
        JsonNode t = o.path("transport");
        TransportInfo transport = t.isObject()
                ? new TransportInfo(str(t, "type"), str(t, "command"), strings(t.path("args")),
                        t.hasNonNull("process_id") ? t.get("process_id").asLong() : null)
                : null;
        JsonNode e = o.path("environment");
        EnvironmentInfo environment = new EnvironmentInfo(str(e, "platform"), str(e, "shadowcat_version"),
                str(e, "hostname"), str(e, "user"));
        JsonNode s = o.path("stats");
        JsonNode counts = s.path("message_counts");
        TapeStats stats = new TapeStats(s.path("frame_count").asLong(), s.path("duration_ms").asLong(),
                s.path("file_size_bytes").asLong(), s.path("last_sequence").asLong(),
                counts.path("client_to_server").asLong(), counts.path("server_to_client").asLong(),
                s.path("error_count").asLong(), s.path("correlation_count").asLong(),
                s.path("checkpoint_count").asLong());
        TapeMetadata metadata = new TapeMetadata(str(o, "name"), str(o, "description"), strings(o.path("tags")),
                TapeStatus.parse(o.path("status").asText("recording")), transport, environment, stats,
                instant(o, "updated_at"), instant(o, "finalized_at"));
        return new TapeHeader(id, str(o, "session_id"), Instant.parse(o.path("created_at").asText()),
                str(o, "protocol_version"), metadata);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(JsonNode o, String field) {
        String v = str(o, field);
        return v == null ? null : Instant.parse(v);
    }

    private static String str(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

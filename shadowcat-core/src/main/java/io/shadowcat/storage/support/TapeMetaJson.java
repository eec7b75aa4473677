package io.shadowcat.storage.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.shadowcat.tape.EnvironmentInfo;
import io.shadowcat.tape.TapeFormatException;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapePerformance;
import io.shadowcat.tape.TapeStats;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.tape.TransportInfo;
import io.shadowcat.tape.internal.JsonFields;

/**
 * Reads and writes a tape's companion {@code ID.meta.json}: id, creation time and {@link TapeMetadata}.
 *
 * <p>Reading is lenient like the tape reader: unknown fields are ignored, a missing stat reads as 0,
 * the status is read case-insensitively. Besides the fields of Shadowcat's original format (see
 * {@code docs/shadowcat-tape-format.md}), the writer adds {@code protocol_version} when it is known, because
 * a recorder learns it only after the {@code init} line was written.
 */
public final class TapeMetaJson {

    private static final Logger LOG = LoggerFactory.getLogger(TapeMetaJson.class);

    private TapeMetaJson() {
    }

    /**
     * Reads a metadata file.
     *
     * @return a header with the id, creation time, protocol version (when stored) and metadata; no session id
     * @throws TapeFormatException when the file is not a JSON object or has no valid {@code tape_id}
     */
    public static TapeHeader read(InputStream in, String source) throws IOException {
        JsonNode n;
        try {
            n = TapeJson.mapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TapeFormatException(source, 0, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (n == null || !n.isObject()) {
            throw new TapeFormatException(source, 0, "not a JSON object");
        }
        String id = JsonFields.text(n, "tape_id", JsonFields.text(n, "id", null));
        if (!TapeId.isValid(id)) {
            throw new TapeFormatException(source, 0, "no valid tape_id (got '" + id + "')");
        }
        Instant created;
        Instant updated;
        Instant finalized;
        try {
            created = TapeJson.parseInstant(n.get("created_at"));
            updated = TapeJson.parseInstant(n.get("updated_at"));
            finalized = TapeJson.parseInstant(n.get("finalized_at"));
        } catch (IllegalArgumentException e) {
            throw new TapeFormatException(source, 0, e.getMessage(), e);
        }
        if (created == null) {
            created = updated != null ? updated : Instant.EPOCH;
            LOG.warn("{}: no created_at; using {}", source, created);
        }
        TapeMetadata metadata = new TapeMetadata(
                JsonFields.text(n, "name", null),
                JsonFields.text(n, "description", null),
                strings(n.get("tags")),
                status(n, finalized, source),
                transport(n.get("transport")),
                environment(n.get("environment")),
                JsonFields.stats(n.path("stats")),
                updated, finalized,
                performance(n.get("performance")),
                JsonFields.text(n, "checksum", null));
        return new TapeHeader(TapeId.of(id), null, created, JsonFields.text(n, "protocol_version", null),
                metadata);
    }

    /** Writes the metadata of {@code header} as indented JSON, as {@code docs/shadowcat-tape-format.md} describes. */
    public static void write(TapeHeader header, OutputStream out) throws IOException {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator g = TapeJson.mapper().createGenerator(out)) {
            g.setPrettyPrinter(pretty);
            TapeMetadata m = header.metadata();
            g.writeStartObject();
            g.writeStringField("tape_id", header.id().value());
            g.writeStringField("name", m.name());
            g.writeStringField("description", m.description());
            writeStrings(g, "tags", m.tags());
            g.writeStringField("created_at", TapeJson.formatInstant(header.createdAt()));
            g.writeStringField("updated_at", m.updatedAt() == null ? null : TapeJson.formatInstant(m.updatedAt()));
            g.writeStringField("finalized_at", m.finalizedAt() == null ? null : TapeJson.formatInstant(m.finalizedAt()));
            g.writeStringField("status", m.status().wireName());
            if (header.protocolVersion() != null) {
                g.writeStringField("protocol_version", header.protocolVersion());
            }
            writeTransport(g, m.transport());
            writeEnvironment(g, m.environment());
            writeStats(g, m.stats());
            if (m.performance() != null) {
                TapePerformance p = m.performance();
                g.writeObjectFieldStart("performance");
                writeNumber(g, "avg_rtt_ms", p.avgRttMs());
                g.writeNumberField("max_rtt_ms", p.maxRttMs());
                g.writeNumberField("min_rtt_ms", p.minRttMs());
                writeNumber(g, "messages_per_second", p.messagesPerSecond());
                g.writeEndObject();
            }
            if (m.checksum() != null) {
                g.writeStringField("checksum", m.checksum());
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** The metadata file's bytes. */
    public static byte[] toBytes(TapeHeader header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            write(header, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeStats(JsonGenerator g, TapeStats s) throws IOException {
        g.writeObjectFieldStart("stats");
        g.writeNumberField("frame_count", s.frameCount());
        g.writeNumberField("duration_ms", s.durationMs());
        g.writeNumberField("file_size_bytes", s.fileSizeBytes());
        g.writeNumberField("last_sequence", s.lastSequence());
        g.writeObjectFieldStart("message_counts");
        g.writeNumberField("client_to_server", s.clientToServer());
        g.writeNumberField("server_to_client", s.serverToClient());
        g.writeEndObject();
        g.writeNumberField("error_count", s.errorCount());
        g.writeNumberField("correlation_count", s.correlationCount());
        g.writeNumberField("checkpoint_count", s.checkpointCount());
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void writeTransport(JsonGenerator g, TransportInfo t) throws IOException {
        if (t == null) {
            g.writeNullField("transport");
            return;
        }
        g.writeObjectFieldStart("transport");
        g.writeStringField("type", t.type());
        g.writeStringField("command", t.command());
        writeStrings(g, "args", t.args());
        if (t.processId() == null) {
            g.writeNullField("process_id");
        } else {
            g.writeNumberField("process_id", t.processId());
        }
        if (t.url() != null) {
            g.writeStringField("url", t.url());
        }
        g.writeEndObject();
    }

    private static void writeEnvironment(JsonGenerator g, EnvironmentInfo e) throws IOException {
        g.writeObjectFieldStart("environment");
        g.writeStringField("platform", e.platform());
        g.writeStringField("shadowcat_version", e.shadowcatVersion());
        g.writeStringField("hostname", e.hostname());
        g.writeStringField("user", e.user());
        g.writeEndObject();
    }

    // Whole numbers are written without a fraction, as Shadowcat does.
    private static void writeNumber(JsonGenerator g, String field, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            g.writeNumberField(field, (long) value);
        } else {
            g.writeNumberField(field, value);
        }
    }

    private static TapeStatus status(JsonNode n, Instant finalized, String source) {
        String text = JsonFields.text(n, "status", null);
        if (text == null) {
            return finalized != null ? TapeStatus.FINALIZED : TapeStatus.RECORDING;
        }
        try {
            return TapeStatus.parse(text);
        } catch (IllegalArgumentException e) {
            TapeStatus guess = finalized != null ? TapeStatus.FINALIZED : TapeStatus.RECORDING;
            LOG.warn("{}: unknown status '{}'; reading it as {}", source, text, guess.wireName());
            return guess;
        }
    }

    private static TransportInfo transport(JsonNode t) {
        if (t == null || !t.isObject()) {
            return null;
        }
        JsonNode pid = t.get("process_id");
        return new TransportInfo(JsonFields.text(t, "type", null),
                JsonFields.text(t, "command", null), strings(t.get("args")),
                pid != null && pid.canConvertToLong() ? pid.asLong() : null, JsonFields.text(t, "url", null));
    }

    private static EnvironmentInfo environment(JsonNode e) {
        if (e == null || !e.isObject()) {
            return EnvironmentInfo.UNKNOWN;
        }
        return new EnvironmentInfo(JsonFields.text(e, "platform", null),
                JsonFields.text(e, "shadowcat_version", null),
                JsonFields.text(e, "hostname", null), JsonFields.text(e, "user", null));
    }

    private static TapePerformance performance(JsonNode p) {
        if (p == null || !p.isObject()) {
            return null;
        }
        return new TapePerformance(p.path("avg_rtt_ms").asDouble(0), p.path("max_rtt_ms").asLong(0),
                p.path("min_rtt_ms").asLong(0), p.path("messages_per_second").asDouble(0));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> {
                if (!v.isNull()) {
                    out.add(v.asText());
                }
            });
        }
        return out;
    }
}

package io.shadowcat.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.tape.TapeFormatException;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A tape's meta object ({@code tapes/ID/meta.json}) and its index entry, which is a copy: the tape's meta JSON
 * (as the filesystem provider's {@code ID.meta.json}) under {@code tape}, with what this provider adds.
 *
 * @param header     the tape's header, session id included
 * @param generation the folder of its records (see {@link S3Keys#generation})
 * @param bytes      the size of its records, newlines included, as committed
 * @param writer     the live writer's token while it is recorded; empty once finished or saved
 * @param renewedAt  when the writer last renewed its claim (epoch ms, the writer's clock)
 * @param single     when the generation is one object (saved or compacted), its codec: readers fetch it
 *                   without listing the generation first
 */
record MetaObject(TapeHeader header, String generation, long bytes, Optional<String> writer, long renewedAt,
                  Optional<Codec> single) {

    static final String LAYOUT = "shadowcat-s3 1";

    byte[] toBytes() {
        ObjectNode n = TapeJson.mapper().createObjectNode();
        n.put("layout", LAYOUT);
        n.put("generation", generation);
        n.put("bytes", bytes);
        n.put("session_id", header.sessionId());
        n.put("writer", writer.orElse(null));
        n.put("renewed_at", renewedAt);
        n.put("single", single.map(Codec::settingValue).orElse(null));
        try {
            n.set("tape", TapeJson.mapper().readTree(TapeMetaJson.toBytes(header)));
            return TapeJson.mapper().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a meta object. @throws TapeFormatException naming {@code source} when it is not one */
    static MetaObject read(byte[] bytes, String source) throws TapeFormatException {
        JsonNode n;
        try {
            n = TapeJson.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new TapeFormatException(source, 0, "not valid JSON (" + e.getMessage() + ")", e);
        }
        if (n == null || !n.isObject() || !n.path("tape").isObject() || !n.path("generation").isTextual()) {
            throw new TapeFormatException(source, 0, "not a shadowcat-s3 meta object");
        }
        TapeHeader h;
        try {
            h = TapeMetaJson.read(new ByteArrayInputStream(TapeJson.mapper().writeValueAsBytes(n.get("tape"))), source);
        } catch (IOException e) {
            throw new TapeFormatException(source, 0, e.getMessage(), e);
        }
        JsonNode session = n.get("session_id");
        if (session != null && session.isTextual()) {
            h = new TapeHeader(h.id(), session.asText(), h.createdAt(), h.protocolVersion(), h.metadata());
        }
        JsonNode writer = n.get("writer");
        return new MetaObject(h, n.get("generation").asText(), n.path("bytes").asLong(0),
                writer != null && writer.isTextual() ? Optional.of(writer.asText()) : Optional.empty(),
                n.path("renewed_at").asLong(0), Optional.ofNullable(Codec.ofSetting(n.path("single").asText(""))));
    }
}

package io.shadowcat.storage.layer.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.storage.support.TapeMetaJson;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.tape.TapeStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A tape header as the provider stores it under encryption: in the clear only what listing needs (id,
 * created, status, tags, updated and finalized times); everything else (name, description, session id,
 * protocol version, transport, environment, counters, checksum) in an age file kept, base64, as the
 * description, prefixed {@value #PREFIX}. The sealed part also counts the tape's segments, so a finalized
 * tape missing its last ones is caught.
 */
final class SealedHeader {

    static final String PREFIX = "age:";

    /** What the sealed part says. @param segments how many segments the tape had when it was sealed */
    record Opened(TapeHeader header, long segments) {
    }

    private SealedHeader() {
    }

    /** The header to hand the provider for {@code full} with these counters and segments. */
    static TapeHeader seal(AgeCipher cipher, TapeHeader full, TapeStats stats, long segments) {
        ObjectNode blob = TapeJson.mapper().createObjectNode();
        blob.put("v", 1);
        blob.put("session_id", full.sessionId());
        blob.put("protocol_version", full.protocolVersion());
        blob.put("segments", segments);
        try {
            blob.set("meta", TapeJson.mapper().readTree(TapeMetaJson.toBytes(full.withMetadata(
                    full.metadata().withStats(stats)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] sealed = cipher.encrypt(full.id(), "header", TapeJson.compact(blob).getBytes(StandardCharsets.UTF_8));
        TapeMetadata m = full.metadata();
        TapeMetadata clear = new TapeMetadata(null, PREFIX + Base64.getEncoder().encodeToString(sealed), m.tags(),
                m.status(), null, null, null, m.updatedAt(), m.finalizedAt(), null, null);
        return new TapeHeader(full.id(), null, full.createdAt(), null, clear);
    }

    /** True when the provider's header was written by this layer. */
    static boolean isSealed(TapeHeader stored) {
        String d = stored.metadata().description();
        return d != null && d.startsWith(PREFIX);
    }

    /** The whole header: sealed fields decrypted, status, tags and times as the provider has them. */
    static Opened open(AgeCipher cipher, TapeHeader stored) {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.metadata().description().substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw AgeCipher.damaged(stored.id(), "header", "not base64", e);
        }
        byte[] plain = cipher.decrypt(stored.id(), "header", sealed);
        try {
            JsonNode blob = TapeJson.mapper().readTree(plain);
            TapeHeader meta = TapeMetaJson.read(new ByteArrayInputStream(
                    TapeJson.compact(blob.get("meta")).getBytes(StandardCharsets.UTF_8)), "sealed header of " + stored.id());
            TapeMetadata m = meta.metadata();
            TapeMetadata s = stored.metadata();
            TapeMetadata merged = new TapeMetadata(m.name(), m.description(), s.tags(), s.status(), m.transport(),
                    m.environment(), m.stats(), s.updatedAt(), s.finalizedAt(), m.performance(), m.checksum());
            TapeHeader header = new TapeHeader(stored.id(), text(blob, "session_id"), stored.createdAt(),
                    text(blob, "protocol_version"), merged);
            return new Opened(header, blob.path("segments").asLong(0));
        } catch (IOException | RuntimeException e) {
            throw AgeCipher.damaged(stored.id(), "header", "decrypted, but not a sealed header (" + e.getMessage() + ")", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

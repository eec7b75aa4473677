package io.shadowcat.tape;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything about a tape except its frames and correlations: what a writer starts a tape with.
 *
 * @param sessionId the recorded session's id (any string)
 * @param createdAt when recording started; frame timestamps count from here
 * @param protocolVersion the negotiated MCP protocol version, or null when not known (yet)
 */
public record TapeHeader(TapeId id, String sessionId, Instant createdAt, String protocolVersion,
                         TapeMetadata metadata) {

    public TapeHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        metadata = metadata == null ? TapeMetadata.named(null) : metadata;
    }

    public TapeHeader withMetadata(TapeMetadata newMetadata) {
        return new TapeHeader(id, sessionId, createdAt, protocolVersion, newMetadata);
    }

    public TapeHeader withProtocolVersion(String version) {
        return new TapeHeader(id, sessionId, createdAt, version, metadata);
    }
}

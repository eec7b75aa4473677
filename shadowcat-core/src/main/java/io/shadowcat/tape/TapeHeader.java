package io.shadowcat.tape;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Everything about a tape except its frames and correlations: what a writer starts a tape with.
 *
 * <p>It is also the {@code init} record of a JSON Lines tape, which carries every field but the metadata.
 *
 * @param sessionId the recorded session's id (any string), or null
 * @param createdAt when recording started (millisecond precision); frame timestamps count from here
 * @param protocolVersion the negotiated MCP protocol version, or null when not known (yet)
 */
public record TapeHeader(TapeId id, String sessionId, Instant createdAt, String protocolVersion,
                         TapeMetadata metadata) implements TapeRecord {

    public TapeHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        metadata = metadata == null ? TapeMetadata.named(null) : metadata;
    }

    /** A header for a tape that starts recording now, with the given name. */
    public static TapeHeader start(TapeId id, String sessionId, String name) {
        return new TapeHeader(id, sessionId, Instant.now(), null, TapeMetadata.named(name));
    }

    public TapeHeader withMetadata(TapeMetadata newMetadata) {
        return new TapeHeader(id, sessionId, createdAt, protocolVersion, newMetadata);
    }

    public TapeHeader withProtocolVersion(String version) {
        return new TapeHeader(id, sessionId, createdAt, version, metadata);
    }
}

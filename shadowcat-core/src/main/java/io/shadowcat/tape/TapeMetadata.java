package io.shadowcat.tape;

import java.time.Instant;
import java.util.List;

/**
 * What describes a tape beyond its frames: the companion {@code ID.meta.json}.
 *
 * @param updatedAt when the metadata last changed, or null
 * @param finalizedAt when recording ended, null while recording
 */
public record TapeMetadata(String name, String description, List<String> tags, TapeStatus status,
                           TransportInfo transport, EnvironmentInfo environment, TapeStats stats,
                           Instant updatedAt, Instant finalizedAt) {

    public TapeMetadata {
        tags = tags == null ? List.of() : List.copyOf(tags);
        status = status == null ? TapeStatus.RECORDING : status;
        environment = environment == null ? EnvironmentInfo.UNKNOWN : environment;
        stats = stats == null ? TapeStats.EMPTY : stats;
    }

    /** Metadata for a tape that has just started recording. */
    public static TapeMetadata named(String name) {
        return new TapeMetadata(name, null, List.of(), TapeStatus.RECORDING, null, null, null, null, null);
    }

    public TapeMetadata withStatus(TapeStatus newStatus) {
        return new TapeMetadata(name, description, tags, newStatus, transport, environment, stats, updatedAt,
                finalizedAt);
    }

    public TapeMetadata withStats(TapeStats newStats) {
        return new TapeMetadata(name, description, tags, status, transport, environment, newStats, updatedAt,
                finalizedAt);
    }
}

package io.shadowcat.tape;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What describes a tape beyond its frames: the companion {@code ID.meta.json}.
 *
 * @param name a human name, or null
 * @param description free text, or null
 * @param tags labels for filtering, in the order given
 * @param status the life-cycle state; {@code RECORDING} when null
 * @param transport how the session was carried, or null
 * @param environment where it was recorded; {@link EnvironmentInfo#UNKNOWN} when null
 * @param stats the counters; {@link TapeStats#EMPTY} when null
 * @param updatedAt when the metadata last changed (millisecond precision), or null
 * @param finalizedAt when recording ended (millisecond precision), null while recording
 * @param performance timing figures of a finished tape, or null
 * @param checksum an integrity checksum of the tape file as stored by whoever computed it, or null
 */
public record TapeMetadata(String name, String description, List<String> tags, TapeStatus status,
                           TransportInfo transport, EnvironmentInfo environment, TapeStats stats,
                           Instant updatedAt, Instant finalizedAt, TapePerformance performance,
                           String checksum) {

    public TapeMetadata {
        tags = tags == null ? List.of() : List.copyOf(tags);
        status = status == null ? TapeStatus.RECORDING : status;
        environment = environment == null ? EnvironmentInfo.UNKNOWN : environment;
        stats = stats == null ? TapeStats.EMPTY : stats;
        updatedAt = updatedAt == null ? null : updatedAt.truncatedTo(ChronoUnit.MILLIS);
        finalizedAt = finalizedAt == null ? null : finalizedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Metadata without performance figures or checksum. */
    public TapeMetadata(String name, String description, List<String> tags, TapeStatus status,
                        TransportInfo transport, EnvironmentInfo environment, TapeStats stats,
                        Instant updatedAt, Instant finalizedAt) {
        this(name, description, tags, status, transport, environment, stats, updatedAt, finalizedAt, null, null);
    }

    /** Metadata for a tape that has just started recording. */
    public static TapeMetadata named(String name) {
        return new TapeMetadata(name, null, List.of(), TapeStatus.RECORDING, null, null, null, null, null, null, null);
    }

    public TapeMetadata withName(String newName) {
        return new TapeMetadata(newName, description, tags, status, transport, environment, stats, updatedAt,
                finalizedAt, performance, checksum);
    }

    public TapeMetadata withDescription(String newDescription) {
        return new TapeMetadata(name, newDescription, tags, status, transport, environment, stats, updatedAt,
                finalizedAt, performance, checksum);
    }

    public TapeMetadata withTags(List<String> newTags) {
        return new TapeMetadata(name, description, newTags, status, transport, environment, stats, updatedAt,
                finalizedAt, performance, checksum);
    }

    public TapeMetadata withTransport(TransportInfo newTransport) {
        return new TapeMetadata(name, description, tags, status, newTransport, environment, stats, updatedAt,
                finalizedAt, performance, checksum);
    }

    public TapeMetadata withEnvironment(EnvironmentInfo newEnvironment) {
        return new TapeMetadata(name, description, tags, status, transport, newEnvironment, stats, updatedAt,
                finalizedAt, performance, checksum);
    }

    public TapeMetadata withStatus(TapeStatus newStatus) {
        return new TapeMetadata(name, description, tags, newStatus, transport, environment, stats, updatedAt,
                finalizedAt, performance, checksum);
    }

    public TapeMetadata withStats(TapeStats newStats) {
        return new TapeMetadata(name, description, tags, status, transport, environment, newStats, updatedAt,
                finalizedAt, performance, checksum);
    }

    public TapeMetadata withPerformance(TapePerformance newPerformance) {
        return new TapeMetadata(name, description, tags, status, transport, environment, stats, updatedAt,
                finalizedAt, newPerformance, checksum);
    }

    /** A copy for a tape being recorded: status {@code RECORDING}, last updated at {@code updatedAt}, not finalized. */
    public TapeMetadata recording(Instant updatedAt) {
        return withStatus(TapeStatus.RECORDING).withTimes(updatedAt, null);
    }

    /** A copy with new life-cycle times. */
    public TapeMetadata withTimes(Instant newUpdatedAt, Instant newFinalizedAt) {
        return new TapeMetadata(name, description, tags, status, transport, environment, stats, newUpdatedAt,
                newFinalizedAt, performance, checksum);
    }
}

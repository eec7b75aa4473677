package io.shadowcat.storage;

import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStats;
import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.List;

/** What a listing shows of a tape without loading its frames. */
public record TapeSummary(TapeId id, String name, String sessionId, Instant createdAt, TapeStatus status,
                          long frameCount, long durationMs, long sizeBytes, List<String> tags) {

    public TapeSummary {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * The summary of a tape: id, session and creation time from {@code header}, name and tags from its
     * metadata, the counts from {@code stats}. Providers pass the metadata's own status and stats for a
     * stored tape, and {@code RECORDING} with the counts so far for a live one.
     *
     * @param sizeBytes what the tape takes in the provider's storage
     */
    public static TapeSummary of(TapeHeader header, TapeStatus status, TapeStats stats, long sizeBytes) {
        return new TapeSummary(header.id(), header.metadata().name(), header.sessionId(), header.createdAt(), status,
                stats.frameCount(), stats.durationMs(), sizeBytes, header.metadata().tags());
    }
}

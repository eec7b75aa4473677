package io.shadowcat.storage;

import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.time.Instant;
import java.util.List;

/** What a listing shows of a tape without loading its frames. */
public record TapeSummary(TapeId id, String name, String sessionId, Instant createdAt, TapeStatus status,
                          long frameCount, long durationMs, long sizeBytes, List<String> tags) {

    public TapeSummary {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}

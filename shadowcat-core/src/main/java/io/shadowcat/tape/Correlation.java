package io.shadowcat.tape;

import java.util.Objects;

/**
 * A request and its response, paired, with the round-trip time.
 *
 * @param requestSeq the request frame's seq
 * @param responseSeq the response frame's seq
 * @param requestTs the request frame's ts
 * @param responseTs the response frame's ts
 */
public record Correlation(String id, long requestSeq, long responseSeq, long requestTs, long responseTs,
                          long rttMs, CorrelationStatus status) implements TapeRecord {

    public Correlation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}

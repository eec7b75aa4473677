package io.shadowcat.tape;

import java.util.Objects;

/** A request and its response, paired, with the round-trip time. */
public record Correlation(String id, long requestSeq, long responseSeq, long requestTs, long responseTs,
                          long rttMs, CorrelationStatus status) {

    public Correlation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}

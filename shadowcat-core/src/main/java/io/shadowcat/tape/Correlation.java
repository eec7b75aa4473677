package io.shadowcat.tape;

import java.util.Objects;

/**
 * A request and its response, paired, with the round-trip time.
 *
 * @param requestSeq the request frame's seq
 * @param responseSeq the response frame's seq, or {@value #NONE} when {@link CorrelationStatus#UNANSWERED}
 * @param requestTs the request frame's ts
 * @param responseTs the response frame's ts, or {@value #NONE} when unanswered
 * @param rttMs the round trip in ms, or {@value #NONE} when unanswered
 */
public record Correlation(String id, long requestSeq, long responseSeq, long requestTs, long responseTs,
                          long rttMs, CorrelationStatus status) implements TapeRecord {

    /** The response seq, ts and round trip of a request that got no response. */
    public static final long NONE = -1;

    public Correlation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    /** A request the session ended without answering (flagged on the tape, so that readers see it). */
    public static Correlation unanswered(String id, long requestSeq, long requestTs) {
        return new Correlation(id, requestSeq, NONE, requestTs, NONE, NONE, CorrelationStatus.UNANSWERED);
    }

    /** True when the request got a response (the response fields name it). */
    public boolean answered() {
        return status != CorrelationStatus.UNANSWERED;
    }
}

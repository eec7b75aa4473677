package io.shadowcat.tape;

/** Counters of a tape; a stat missing from a file reads as 0. */
public record TapeStats(long frameCount, long durationMs, long fileSizeBytes, long lastSequence,
                        long clientToServer, long serverToClient, long errorCount,
                        long correlationCount, long checkpointCount) {

    public static final TapeStats EMPTY = new TapeStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
}

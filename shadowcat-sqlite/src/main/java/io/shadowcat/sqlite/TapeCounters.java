package io.shadowcat.sqlite;

import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeMetadata;
import io.shadowcat.storage.support.TapeStatsCollector;

/**
 * A tape's counters as the database holds them: the shared {@link TapeStatsCollector}'s stats and
 * performance, with the size counted as the bytes of the stored messages. Not thread-safe.
 */
final class TapeCounters {

    private final TapeStatsCollector collector = new TapeStatsCollector();
    private long bytes;

    void add(Frame frame, FrameRow row) {
        collector.accept(frame);
        bytes += row.sizeBytes();
    }

    void add(Correlation correlation) {
        collector.accept(correlation);
    }

    long frames() {
        return collector.frameCount();
    }

    /** The last frame's seq, or -1 before the first. */
    long lastSeq() {
        return collector.lastSequence();
    }

    long bytes() {
        return bytes;
    }

    /** {@code m} with these counters as its stats and performance. */
    TapeMetadata applyTo(TapeMetadata m) {
        return m.withStats(collector.stats(bytes)).withPerformance(collector.performance());
    }
}

package io.shadowcat.storage.support;

import io.shadowcat.tape.Checkpoint;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapePerformance;
import io.shadowcat.tape.TapeRecord;
import io.shadowcat.tape.TapeStats;

/**
 * Counts a tape's records as they are written or read, to produce its {@link TapeStats} and
 * {@link TapePerformance}. Not thread-safe: one collector per tape writer or reader.
 */
public final class TapeStatsCollector {

    private long frames;
    private long durationMs;
    private long lastSeq;
    private long clientToServer;
    private long serverToClient;
    private long errors;
    private long correlations;
    private long checkpoints;
    private long answered;
    private long rttSum;
    private long rttMax = Long.MIN_VALUE;
    private long rttMin = Long.MAX_VALUE;

    /** Counts one record of any kind; headers are ignored. */
    public void accept(TapeRecord record) {
        if (record instanceof Frame f) {
            frames++;
            durationMs = Math.max(durationMs, f.ts());
            lastSeq = f.seq();
            if (f.direction() == Direction.CLIENT_TO_SERVER) {
                clientToServer++;
            } else {
                serverToClient++;
            }
            if (f.flags().isError()) {
                errors++;
            }
        } else if (record instanceof Correlation c) {
            correlations++;
            if (!c.answered()) {
                return; // no round trip to measure
            }
            answered++;
            rttSum += c.rttMs();
            rttMax = Math.max(rttMax, c.rttMs());
            rttMin = Math.min(rttMin, c.rttMs());
        } else if (record instanceof Checkpoint) {
            checkpoints++;
        }
    }

    public long frameCount() {
        return frames;
    }

    /** The seq of the last frame counted, or -1 before the first. */
    public long lastSequence() {
        return frames == 0 ? -1 : lastSeq;
    }

    /** The counters so far; {@code fileSizeBytes} is the caller's, since only it knows the bytes. */
    public TapeStats stats(long fileSizeBytes) {
        return new TapeStats(frames, durationMs, fileSizeBytes, lastSeq, clientToServer, serverToClient, errors,
                correlations, checkpoints);
    }

    /** Round-trip and rate figures, or null when there is nothing to measure. */
    public TapePerformance performance() {
        if (correlations == 0 && frames == 0) {
            return null;
        }
        double perSecond = durationMs == 0 ? 0 : frames * 1000.0 / durationMs;
        if (answered == 0) {
            return new TapePerformance(0, 0, 0, perSecond);
        }
        return new TapePerformance((double) rttSum / answered, rttMax, rttMin, perSecond);
    }
}

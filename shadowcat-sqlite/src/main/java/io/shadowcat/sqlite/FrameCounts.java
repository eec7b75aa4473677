package io.shadowcat.sqlite;

import io.shadowcat.tape.Direction;
import io.shadowcat.tape.TapeStats;

/** Running counters of a tape's frames, kept as frames are added, for the tape row's stats columns. */
final class FrameCounts {

    private long frames;
    private long maxTs;
    private long sizeBytes;
    private long lastSeq = -1;
    private long clientToServer;
    private long serverToClient;
    private long errors;
    private long correlations;

    void add(FrameRow row) {
        frames++;
        maxTs = Math.max(maxTs, row.ts());
        sizeBytes += row.sizeBytes();
        lastSeq = row.seq();
        if (row.direction() == Direction.CLIENT_TO_SERVER) {
            clientToServer++;
        } else {
            serverToClient++;
        }
        if (row.isError()) {
            errors++;
        }
    }

    void addCorrelation() {
        correlations++;
    }

    long frames() {
        return frames;
    }

    /** The last frame's seq, or -1 before the first frame. */
    long lastSeq() {
        return lastSeq;
    }

    /** These counts as tape stats; {@code checkpoints} is carried over from the tape's metadata. */
    TapeStats toStats(long checkpoints) {
        return new TapeStats(frames, maxTs, sizeBytes, Math.max(lastSeq, 0), clientToServer, serverToClient, errors,
                correlations, checkpoints);
    }

    FrameCounts copy() {
        FrameCounts c = new FrameCounts();
        c.frames = frames;
        c.maxTs = maxTs;
        c.sizeBytes = sizeBytes;
        c.lastSeq = lastSeq;
        c.clientToServer = clientToServer;
        c.serverToClient = serverToClient;
        c.errors = errors;
        c.correlations = correlations;
        return c;
    }
}

package io.shadowcat.storage;

import java.util.Collection;

/** Totals over a whole backend. */
public record StorageStats(long tapeCount, long frameCount, long totalBytes) {

    /** The totals of these tapes: how many, their frames and their sizes summed. */
    public static StorageStats of(Collection<TapeSummary> tapes) {
        long frames = 0;
        long bytes = 0;
        for (TapeSummary s : tapes) {
            frames += s.frameCount();
            bytes += s.sizeBytes();
        }
        return new StorageStats(tapes.size(), frames, bytes);
    }
}

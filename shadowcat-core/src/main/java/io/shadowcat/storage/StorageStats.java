package io.shadowcat.storage;

/** Totals over a whole backend. */
public record StorageStats(long tapeCount, long frameCount, long totalBytes) {
}

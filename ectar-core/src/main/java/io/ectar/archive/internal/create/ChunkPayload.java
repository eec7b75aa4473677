package io.ectar.archive.internal.create;

/**
 * One chunk on its way from the tar writer to the encoder: the payload (the chunk header and a zstd frame)
 * in pool segments. Whoever codes it reads it once and calls {@link #release()} afterwards (also after a
 * failure), so that its memory can carry the next chunks.
 */
public record ChunkPayload(int number, SegmentedPayload payload, long uncompressedOffset, long uncompressedLength) {

    /** The payload's length in bytes. */
    public long length() {
        return payload.length();
    }

    void release() {
        payload.release();
    }
}

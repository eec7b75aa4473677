package io.ectar.archive.internal.read;

import io.ectar.archive.ChunkHealth;
import io.ectar.codec.PayloadBytes;

/**
 * One chunk as read back: its payload (null when lost), what its shards looked like, and, when known
 * from the index, where its slice lies in the tar stream. Whoever is done with the payload calls
 * {@link #release()}, so that the buffers it lies in can hold another chunk (not calling it only costs
 * memory).
 */
record RecoveredChunk(int number, PayloadBytes payload, ChunkHealth health, long uncompressedOffset,
        long uncompressedLength, Runnable releaser) {

    /** A chunk whose payload lies in buffers of its own. */
    RecoveredChunk(int number, PayloadBytes payload, ChunkHealth health, long uncompressedOffset,
            long uncompressedLength) {
        this(number, payload, health, uncompressedOffset, uncompressedLength, () -> { });
    }

    void release() {
        releaser.run();
    }

    boolean lost() {
        return payload == null;
    }
}

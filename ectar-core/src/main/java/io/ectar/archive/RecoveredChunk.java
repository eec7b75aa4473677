package io.ectar.archive;

import io.ectar.codec.PayloadBytes;

/**
 * One chunk as read back: its payload (null when lost), what its shards looked like, and, when known
 * from the index, where its slice lies in the tar stream.
 */
record RecoveredChunk(int number, PayloadBytes payload, ChunkHealth health, long uncompressedOffset,
        long uncompressedLength) {

    boolean lost() {
        return payload == null;
    }
}

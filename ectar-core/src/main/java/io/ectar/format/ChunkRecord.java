package io.ectar.format;

import java.util.List;
import java.util.Objects;

/**
 * What the index knows about one chunk: its payload (one zstd frame of a slice of the tar stream, or the
 * plain slice when compression is off) and the shard files it was coded into.
 *
 * @param number             chunk number, from 1
 * @param payloadLength      bytes of the payload (what zfec encoded)
 * @param payloadSha256      lower-case hex SHA-256 of the payload
 * @param uncompressedOffset where the chunk's slice starts in the whole tar stream
 * @param uncompressedLength bytes of tar stream in this chunk
 * @param shardLength        bytes of every shard file of this chunk (zfec header included)
 * @param shardSha256        SHA-256 of every shard file, indexed by shard number; an element is
 *                           {@code null} when that shard was never written (a dropped tape drive)
 */
public record ChunkRecord(int number, long payloadLength, String payloadSha256, long uncompressedOffset,
        long uncompressedLength, long shardLength, List<String> shardSha256) {

    public ChunkRecord {
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        shardSha256 = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(shardSha256));
        if (number < 1) {
            throw new IllegalArgumentException("chunk numbers start at 1, got " + number);
        }
    }

    /** Whether the tar byte at {@code streamOffset} lies in this chunk. */
    boolean containsOffset(long streamOffset) {
        return streamOffset >= uncompressedOffset && streamOffset < uncompressedOffset + uncompressedLength;
    }
}

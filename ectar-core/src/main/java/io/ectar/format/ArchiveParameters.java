package io.ectar.format;

import java.util.Objects;

/**
 * How an archive was written.
 *
 * @param dataShards       k: shards needed to rebuild a chunk
 * @param totalShards      m: shards written per chunk (k data + m-k parity)
 * @param chunkSize        the most tar-stream bytes one chunk holds
 * @param compression      {@code "zstd"} or {@code "none"}
 * @param compressionLevel zstd level (0 when compression is {@code none})
 * @param codec            erasure code name, {@code "zfec"} (zfec share files, stripes of k x 4096 bytes)
 * @param layout           where shards live: {@code "directory"} (files {@code BASE.cNNN.sMM}) or a tape layout
 * @param archiveId        the random id in every chunk's {@link ChunkHeader} (format version 2); null for
 *                         version 1 archives, which have none
 */
public record ArchiveParameters(int dataShards, int totalShards, long chunkSize, String compression,
        int compressionLevel, String codec, String layout, String archiveId) {

    /** The only codec this version writes. */
    public static final String ZFEC = "zfec";
    /** Compression names. */
    public static final String ZSTD = "zstd";
    public static final String NONE = "none";
    /** Only for reports about an archive without an index: its compression is not known. */
    public static final String UNKNOWN = "unknown";

    public ArchiveParameters {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(layout, "layout");
        if (dataShards < 1 || totalShards < dataShards || totalShards > 256) {
            throw new IllegalArgumentException("need 1 <= k <= m <= 256, got k=" + dataShards + " m=" + totalShards);
        }
        if (!compression.equals(ZSTD) && !compression.equals(NONE) && !compression.equals(UNKNOWN)) {
            throw new IllegalArgumentException("unknown compression '" + compression + "'");
        }
        if (archiveId != null && !ChunkHeader.isArchiveId(archiveId)) {
            throw new IllegalArgumentException("archive_id must be 32 lower-case hex digits, got '" + archiveId + "'");
        }
    }

    /** Parameters without an archive id (a version 1 archive, or one known only from its shards). */
    public ArchiveParameters(int dataShards, int totalShards, long chunkSize, String compression,
            int compressionLevel, String codec, String layout) {
        this(dataShards, totalShards, chunkSize, compression, compressionLevel, codec, layout, null);
    }

    /** m - k: how many shards of a chunk may be lost. */
    public int parityShards() {
        return totalShards - dataShards;
    }

    /** Whether chunk payloads are zstd frames. */
    public boolean compressed() {
        return compression.equals(ZSTD);
    }
}

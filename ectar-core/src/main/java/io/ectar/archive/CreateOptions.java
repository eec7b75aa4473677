package io.ectar.archive;

import java.util.List;

/**
 * How to create an archive. {@link #defaults()} gives the command line's defaults: 10 data + 5 parity
 * shards, 64 MiB chunks, zstd level 3, with an index.
 *
 * @param dataShards       k, 1..256
 * @param parityShards     m - k, so that k + parity is at most 256
 * @param chunkSize        tar-stream bytes per chunk, from k x 4096 up to {@link #MAX_CHUNK_SIZE}
 * @param compressionLevel zstd level 1..22, or 0 for no compression
 * @param writeIndex       write {@code BASE.index.zst} and the index shards
 * @param excludes         globs of paths to leave out (see {@code ectar create --exclude})
 * @param tool             the writer's name and version, recorded in the index
 * @param archiveId        the id every chunk header carries (32 lower-case hex digits), or null for a new
 *                         random one: the same tree gives the same shards only with the same id
 */
public record CreateOptions(int dataShards, int parityShards, long chunkSize, int compressionLevel,
        boolean writeIndex, List<String> excludes, String tool, String archiveId) {

    /** 64 MiB. */
    public static final long DEFAULT_CHUNK_SIZE = 64L << 20;
    /** 1 GiB: a chunk's payload is held in memory while it is coded. */
    public static final long MAX_CHUNK_SIZE = 1L << 30;
    /** zfec's stripe block: the chunk size must be at least k times this. */
    public static final int STRIPE_BLOCK = 4096;

    public CreateOptions {
        excludes = List.copyOf(excludes);
        if (dataShards < 1 || dataShards > 256) {
            throw new IllegalArgumentException("--data-shards must be 1..256, got " + dataShards);
        }
        if (parityShards < 0 || dataShards + parityShards > 256) {
            throw new IllegalArgumentException("--parity-shards must be 0.." + (256 - dataShards)
                    + " so that data + parity shards are at most 256, got " + parityShards);
        }
        if (chunkSize < (long) dataShards * STRIPE_BLOCK) {
            throw new IllegalArgumentException("--chunk-size " + chunkSize + " is below " + dataShards
                    + " data shards x 4096 = " + (long) dataShards * STRIPE_BLOCK + " bytes");
        }
        if (chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("--chunk-size " + chunkSize + " is above the 1 GiB maximum");
        }
        if (compressionLevel < 0 || compressionLevel > 22) {
            throw new IllegalArgumentException("--compression-level must be 1..22, got " + compressionLevel);
        }
        if (archiveId != null && !io.ectar.format.ChunkHeader.isArchiveId(archiveId)) {
            throw new IllegalArgumentException("an archive id is 32 lower-case hex digits, got '" + archiveId + "'");
        }
    }

    /** Options with a new random archive id. */
    public CreateOptions(int dataShards, int parityShards, long chunkSize, int compressionLevel, boolean writeIndex,
            List<String> excludes, String tool) {
        this(dataShards, parityShards, chunkSize, compressionLevel, writeIndex, excludes, tool, null);
    }

    /** The defaults of {@code ectar create}. */
    public static CreateOptions defaults() {
        return new CreateOptions(10, 5, DEFAULT_CHUNK_SIZE, 3, true, List.of(), "ectar");
    }

    public CreateOptions withShards(int data, int parity) {
        return new CreateOptions(data, parity, chunkSize, compressionLevel, writeIndex, excludes, tool, archiveId);
    }

    public CreateOptions withChunkSize(long bytes) {
        return new CreateOptions(dataShards, parityShards, bytes, compressionLevel, writeIndex, excludes, tool, archiveId);
    }

    /** Level 1..22, or 0 for no compression. */
    public CreateOptions withCompressionLevel(int level) {
        return new CreateOptions(dataShards, parityShards, chunkSize, level, writeIndex, excludes, tool, archiveId);
    }

    public CreateOptions withIndex(boolean write) {
        return new CreateOptions(dataShards, parityShards, chunkSize, compressionLevel, write, excludes, tool, archiveId);
    }

    public CreateOptions withExcludes(List<String> globs) {
        return new CreateOptions(dataShards, parityShards, chunkSize, compressionLevel, writeIndex, globs, tool, archiveId);
    }

    public CreateOptions withTool(String name) {
        return new CreateOptions(dataShards, parityShards, chunkSize, compressionLevel, writeIndex, excludes, name, archiveId);
    }

    /** The id to write instead of a random one (see {@link #archiveId()}). */
    public CreateOptions withArchiveId(String id) {
        return new CreateOptions(dataShards, parityShards, chunkSize, compressionLevel, writeIndex, excludes, tool, id);
    }

    /** k + parity. */
    public int totalShards() {
        return dataShards + parityShards;
    }
}

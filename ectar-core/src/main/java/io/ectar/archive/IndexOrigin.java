package io.ectar.archive;

/** Where an archive's index was read from. */
public enum IndexOrigin {
    /** {@code BASE.index.zst}. */
    FILE,
    /** Rebuilt from the {@code BASE.index.sMM} shards because the file was missing or damaged. */
    SHARDS,
    /** No usable index: the archive is read from the chunk shards' zfec headers and zstd checksums alone. */
    NONE
}

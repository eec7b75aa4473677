/**
 * The on-disk vocabulary of an Ectar archive (specified in {@code docs/ectar-format.md}): shard file names
 * ({@link io.ectar.format.ArchiveNames}, {@link io.ectar.format.ShardName}), the chunk payload header
 * ({@link io.ectar.format.ChunkHeader}), the index ({@link io.ectar.format.ArchiveIndex},
 * {@link io.ectar.format.ArchiveParameters}, {@link io.ectar.format.IndexEntry},
 * {@link io.ectar.format.IndexEntries}, {@link io.ectar.format.ChunkRecord}, {@link io.ectar.format.EntryType},
 * read and written by {@link io.ectar.format.IndexJson}) and the recovery text
 * ({@link io.ectar.format.RecoveryText}), with their errors {@link io.ectar.format.IndexFormatException}
 * and {@link io.ectar.format.ChunkHeaderException}.
 *
 * <p>These public types are API: the archive pipeline, {@code ectar-cli} and tools that read archives use
 * them. How they are built (the index builder, time and number formatting) is package-private.
 */
package io.ectar.format;

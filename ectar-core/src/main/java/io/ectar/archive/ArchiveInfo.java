package io.ectar.archive;

import io.ectar.format.ArchiveParameters;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An archive at a glance: how it was written and what is there.
 *
 * @param archive          where it is
 * @param indexOrigin      where the index came from
 * @param indexProblems    what is wrong with the index file or its shards
 * @param parameters       how it was written; without an index, k and m come from the shards' zfec headers
 *                         and the rest is unknown ({@code compression} {@code "unknown"}, chunk size 0)
 * @param contents         what the index says was written; empty when there is no index
 * @param shards           the chunks and their shard files, as found
 * @param interrupted      no index and no sign that the writer finished (see {@link ShardSource#writerFinished()}):
 *                         the create was most likely interrupted, so the archive may end early
 */
public record ArchiveInfo(String archive, IndexOrigin indexOrigin, List<String> indexProblems,
        ArchiveParameters parameters, Optional<Contents> contents, Shards shards, boolean interrupted) {

    public ArchiveInfo {
        indexProblems = List.copyOf(indexProblems);
        Objects.requireNonNull(contents, "contents");
        Objects.requireNonNull(shards, "shards");
    }

    /**
     * What the index says was written.
     *
     * @param tool         the writer, as the index names it (null when it names none)
     * @param created      when it was written (null when the index does not say)
     * @param entries      entries
     * @param files        regular files
     * @param fileBytes    bytes of file data
     * @param tarBytes     bytes of the uncompressed tar stream
     * @param payloadBytes bytes of all chunk payloads
     */
    public record Contents(String tool, Instant created, long entries, long files, long fileBytes, long tarBytes,
                           long payloadBytes) {
    }

    /**
     * The chunks and their shard files.
     *
     * @param chunks        chunks (from the index, or the highest chunk number with shards)
     * @param present       chunk shard files present
     * @param expected      chunks x m
     * @param damagedChunks chunks with a missing or wrong-sized shard
     * @param lostChunks    chunks with fewer than k shards of the right size
     */
    public record Shards(int chunks, long present, long expected, int damagedChunks, int lostChunks) {
    }
}

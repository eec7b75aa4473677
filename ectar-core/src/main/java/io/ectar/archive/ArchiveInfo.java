package io.ectar.archive;

import io.ectar.format.ArchiveParameters;
import java.time.Instant;
import java.util.List;

/**
 * An archive at a glance: how it was written and what is there. Fields the index alone knows are null when
 * there is no index.
 *
 * @param archive          where it is
 * @param indexOrigin      where the index came from
 * @param indexProblems    what is wrong with the index file or its shards
 * @param parameters       how it was written; without an index, k and m come from the shards' zfec headers
 *                         and the rest is unknown ({@code compression} {@code "unknown"}, chunk size 0)
 * @param tool             the writer, or null
 * @param created          when it was written, or null
 * @param chunks           chunks (from the index, or the highest chunk number with shards)
 * @param shardsPresent    chunk shard files present
 * @param shardsExpected   chunks x m
 * @param damagedChunks    chunks with a missing or wrong-sized shard
 * @param lostChunks       chunks with fewer than k shards of the right size
 * @param entries          entries, or null
 * @param files            regular files, or null
 * @param fileBytes        bytes of file data, or null
 * @param tarBytes         bytes of the uncompressed tar stream, or null
 * @param payloadBytes     bytes of all chunk payloads, or null
 * @param interrupted      no index and no sign that the writer finished (see {@link ShardSource#writerFinished()}):
 *                         the create was most likely interrupted, so the archive may end early
 */
public record ArchiveInfo(String archive, IndexOrigin indexOrigin, List<String> indexProblems,
        ArchiveParameters parameters, String tool, Instant created, int chunks, long shardsPresent,
        long shardsExpected, int damagedChunks, int lostChunks, Long entries, Long files, Long fileBytes,
        Long tarBytes, Long payloadBytes, boolean interrupted) {

    public ArchiveInfo {
        indexProblems = List.copyOf(indexProblems);
    }
}

package io.ectar.archive;

import io.ectar.format.ArchiveParameters;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;

/**
 * Where a new archive's shards go: files in a directory ({@link DirectoryShardSink}) or a set of tape
 * drives. The archive pipeline only talks to this interface.
 *
 * <p>Calls come in this order: {@link #openShard} for every shard of chunk 1, 2, ... (the streams of one
 * chunk are open at the same time and written stripe by stripe); then, unless the index is turned off,
 * {@link #openIndexShard} for every index shard; then {@link #writeRecoveryText}; then {@link #commitIndex}
 * (skipped without an index); then {@link #finish}. Any failure leads to {@link #abort} instead.
 *
 * <p>Durability contract: the bytes of every stream from {@link #openShard} or {@link #openIndexShard} that
 * was closed without an exception are on stable storage before {@link #commitIndex} stores the index and
 * before {@link #finish} returns (a sink may finish them in the background after {@code close()}; a
 * failure then surfaces from those calls). {@link #commitIndex} is the commit point of the
 * whole archive: it must be atomic (the index is either absent or complete) and happen after everything
 * else is durable, so an interrupted create never leaves an index that claims data which is not there.
 */
public interface ShardSink extends Closeable {

    /** The layout the index records: {@link ArchiveParameters.Layout#DIRECTORY} for files in a directory. */
    ArchiveParameters.Layout layout();

    /** Where the archive goes, for messages, e.g. {@code "/backups/home (files home.c*.s*)"}. */
    String describe();

    /** Opens shard {@code shard} (from 0) of chunk {@code chunk} (from 1) for writing. */
    OutputStream openShard(int chunk, int shard) throws IOException;

    /** Opens shard {@code shard} of the erasure-coded index for writing. */
    OutputStream openIndexShard(int shard) throws IOException;

    /** Stores the plain-text recovery instructions durably. */
    void writeRecoveryText(String text) throws IOException;

    /**
     * Stores the zstd-compressed JSON index atomically and durably: the archive's commit point. The index can
     * be read (as often as needed) until {@link #finish} returns.
     */
    void commitIndex(CompressedIndex compressedIndex) throws IOException;

    /**
     * Whether the medium is nearly full (a tape past its early-warning point): the archive then ends at
     * the next entry boundary, with everything written so far indexed and complete.
     */
    default boolean full() {
        return false;
    }

    /**
     * The chunk shards that were written but did not reach the medium (a tape drive dropped
     * mid-archive), chunk number to shard numbers. Asked once after the last chunk and before the index
     * is made, which then records those shards as missing; may wait for queued writes.
     */
    default Map<Integer, Set<Integer>> lostShards() throws IOException {
        return Map.of();
    }

    /** Ends a successful archive (after the index, if any). */
    void finish() throws IOException;

    /**
     * Gives up after a failure: removes what this run wrote where that is possible. Never throws; never
     * leaves an index behind.
     */
    void abort();

    /** Releases resources; does not commit anything. */
    @Override
    void close() throws IOException;
}

package io.ectar.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Where an existing archive's shards come from: files in a directory ({@link DirectoryShardSource}) or a
 * set of tapes. Readers ask for chunks in increasing order, so a sequential medium can serve them as it goes.
 *
 * <p>A source never judges what it returns: truncated, corrupt or foreign shard bytes are the reader's
 * business (it checks them against the index, or the zfec headers and the zstd checksum).
 */
public interface ShardSource extends Closeable {

    /** The archive's base name (what shard files are named after). */
    String base();

    /** Where the archive is, for messages. */
    String describe();

    /**
     * The chunk shards present, without reading them: chunk number to shard number to length in bytes
     * (-1 when the length is not known without reading).
     */
    SortedMap<Integer, SortedMap<Integer, Long>> chunkShards() throws IOException;

    /** The index shards present: shard number to length in bytes (-1 when unknown). */
    SortedMap<Integer, Long> indexShards() throws IOException;

    /** The bytes of {@code BASE.index.zst}, when it is there and at most {@code maxBytes} long. */
    Optional<byte[]> readIndexFile(long maxBytes) throws IOException;

    /**
     * Opens {@code BASE.index.zst} for reading, when it is there, so that a large index is never held whole.
     * The default reads it whole through {@link #readIndexFile}.
     */
    default Optional<InputStream> openIndexFile() throws IOException {
        return readIndexFile(Integer.MAX_VALUE - 16).map(java.io.ByteArrayInputStream::new);
    }

    /** The length of {@code BASE.index.zst} in bytes, or -1 when it is not there. */
    default long indexFileLength() throws IOException {
        return readIndexFile(Integer.MAX_VALUE - 16).map(b -> (long) b.length).orElse(-1L);
    }

    /**
     * Opens index shard {@code shard} for reading: at most {@code maxBytes} bytes of it.
     *
     * @throws java.nio.file.NoSuchFileException when the shard is not there
     */
    default InputStream openIndexShard(int shard, long maxBytes) throws IOException {
        return new java.io.ByteArrayInputStream(readIndexShard(shard, maxBytes));
    }

    /**
     * Reads shard {@code shard} of chunk {@code chunk}: at most {@code maxBytes} bytes, so that the caller can
     * tell a too-long file (it asks for one byte more than it expects).
     *
     * @throws java.nio.file.NoSuchFileException when the shard is not there
     */
    byte[] readShard(int chunk, int shard, long maxBytes) throws IOException;

    /**
     * Reads shard {@code shard} of chunk {@code chunk} into {@code into}: at most {@code into.length} bytes
     * (ask for one byte more than expected to tell a too-long file), so that the caller can reuse its
     * buffers. The default reads through {@link #readShard(int, int, long)}.
     *
     * @return the number of bytes read
     * @throws java.nio.file.NoSuchFileException when the shard is not there
     */
    default int readShard(int chunk, int shard, byte[] into) throws IOException {
        byte[] bytes = readShard(chunk, shard, into.length);
        System.arraycopy(bytes, 0, into, 0, bytes.length);
        return bytes.length;
    }

    /**
     * The shard numbers this source holds none of by design, such as the tapes of a set that were not given
     * (any k are enough): their absence is not damage.
     */
    default Set<Integer> shardsNotGiven() {
        return Set.of();
    }

    /**
     * Whether there is a sign that the writer got to the end of the archive (for a directory: its recovery
     * text, written after the last chunk and before the index). An archive without an index and without that
     * sign was most likely interrupted. True when the source cannot tell.
     */
    default boolean writerFinished() throws IOException {
        return true;
    }

    /** Reads index shard {@code shard}, like {@link #readShard}. */
    byte[] readIndexShard(int shard, long maxBytes) throws IOException;
}

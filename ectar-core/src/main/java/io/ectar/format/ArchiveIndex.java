package io.ectar.format;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The whole index of an archive ({@code BASE.index.zst}, also stored as {@code BASE.index.sMM} shards).
 *
 * @param formatVersion the archive format version, {@link #FORMAT_VERSION}
 * @param tool          name and version of the writer, e.g. {@code "ectar 0.1.0"}
 * @param created       when the archive was written
 * @param parameters    how it was written
 * @param entries       every entry in tar-stream order (in a temporary file when there are many: close the index)
 * @param chunks        every chunk in order, numbers 1..n
 */
public record ArchiveIndex(int formatVersion, String tool, Instant created, ArchiveParameters parameters,
        IndexEntries entries, List<ChunkRecord> chunks) implements Closeable {

    /**
     * The format version this code writes and the newest it reads. Version 2 puts a {@link ChunkHeader} in
     * front of every chunk payload and stores uncompressed payloads as raw zstd frames; version 1 archives
     * (payloads without header, plain tar slices when not compressed) are still read.
     */
    public static final int FORMAT_VERSION = 2;

    public ArchiveIndex {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(entries, "entries");
        chunks = List.copyOf(chunks);
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).number() != i + 1) {
                throw new IllegalArgumentException("index chunk " + (i + 1) + " is numbered "
                        + chunks.get(i).number());
            }
        }
    }

    /** An index of entries held in memory. */
    public ArchiveIndex(int formatVersion, String tool, Instant created, ArchiveParameters parameters,
            List<IndexEntry> entries, List<ChunkRecord> chunks) {
        this(formatVersion, tool, created, parameters, IndexEntries.of(entries), chunks);
    }

    /** The record of chunk {@code number} (from 1). */
    public ChunkRecord chunk(int number) {
        return chunks.get(number - 1);
    }

    /** Bytes of the whole uncompressed tar stream. */
    public long uncompressedLength() {
        return chunks.stream().mapToLong(ChunkRecord::uncompressedLength).sum();
    }

    /** Bytes of all chunk payloads. */
    public long payloadLength() {
        return chunks.stream().mapToLong(ChunkRecord::payloadLength).sum();
    }

    /** Frees the entries' temporary file, if any. */
    @Override
    public void close() throws IOException {
        entries.close();
    }
}

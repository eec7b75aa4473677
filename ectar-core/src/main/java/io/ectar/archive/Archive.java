package io.ectar.archive;

import io.ectar.format.ArchiveIndex;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An existing archive opened for reading: its shards and, when one could be read, its index (from
 * {@code BASE.index.zst}, else rebuilt from the index shards). Extraction, listing, verification and info
 * all start here; they work without any index too, from the shards' zfec headers and zstd checksums.
 */
public final class Archive implements Closeable {

    private final ShardSource source;
    private final IndexLoader.Loaded loaded;

    private Archive(ShardSource source, IndexLoader.Loaded loaded) {
        this.source = source;
        this.loaded = loaded;
    }

    /** Opens the archive the user named ({@code -i INPUT}), see {@link ArchiveLocator}. */
    public static Archive open(String input) throws IOException {
        return open(ArchiveLocator.locate(input));
    }

    /** Opens the archive in {@code source} and loads its index if it can. */
    public static Archive open(ShardSource source) throws IOException {
        return new Archive(source, IndexLoader.load(source));
    }

    /** Where the shards come from. */
    public ShardSource source() {
        return source;
    }

    /** The index, if one could be read. */
    public Optional<ArchiveIndex> index() {
        return Optional.ofNullable(loaded.index());
    }

    /** Where the index came from. */
    public IndexOrigin indexOrigin() {
        return loaded.origin();
    }

    /** What was wrong with the index file or its shards (empty when the index file was fine). */
    public List<String> indexProblems() {
        return loaded.problems();
    }

    ChunkReader chunkReader() throws IOException {
        return new ChunkReader(source, loaded.index());
    }

    /** The entries in tar order, reading the chunks (a couple ahead on a background thread). */
    EntryStream entries(boolean checkAllShards) throws IOException {
        return new EntryStream(chunkReader(), loaded.index(), checkAllShards, 2);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}

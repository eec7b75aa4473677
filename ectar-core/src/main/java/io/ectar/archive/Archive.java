package io.ectar.archive;

import io.ectar.archive.internal.read.ChunkReader;
import io.ectar.archive.internal.read.EntryStream;
import io.ectar.archive.internal.read.IndexLoader;
import io.ectar.archive.internal.read.TarHeader;
import io.ectar.format.ArchiveIndex;
import io.ectar.format.ArchiveParameters;
import io.ectar.format.EntryType;
import io.ectar.format.IndexEntry;
import java.util.ArrayList;
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

    /** What was wrong with the index file or its shards, one line each (empty when the index file was fine). */
    public List<String> indexProblems() {
        return IndexProblem.messages(loaded.problems());
    }

    /** {@link #indexProblems()} with the kind of each problem, to decide by. */
    public List<IndexProblem> indexProblemDetails() {
        return loaded.problems();
    }

    ChunkReader chunkReader() throws IOException {
        return new ChunkReader(source, loaded.index());
    }

    /** The entries in tar order, reading the chunks (a couple ahead on a background thread). */
    EntryStream entries(boolean checkAllShards) throws IOException {
        return entries(checkAllShards, null);
    }

    /** {@link #entries(boolean)}, telling {@code unmatched} of the index entries the tar stream lacks. */
    EntryStream entries(boolean checkAllShards, java.util.function.Consumer<IndexEntry> unmatched) throws IOException {
        return new EntryStream(chunkReader(), loaded.index(), checkAllShards, 2, unmatched);
    }

    /** Told of each listed entry. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(IndexEntry entry) throws IOException;
    }

    /**
     * The entries that {@code filter} accepts, collected in a list: only for archives known to be small (tests).
     * Listing a large archive streams with {@link #list(PathFilter, EntryConsumer)}.
     */
    public Listing list(PathFilter filter) throws IOException {
        List<IndexEntry> out = new ArrayList<>();
        Listing l = list(filter, out::add);
        return new Listing(out, l.fromIndex(), l.lostChunks(), l.complete());
    }

    /**
     * Gives {@code out} the entries that {@code filter} accepts, one by one, in tar order: from the index when
     * there is one, else by reading every chunk (then file hashes are computed on the way). Nothing is held, so
     * this works for any number of entries. The returned listing's {@code entries} is empty.
     */
    public Listing list(PathFilter filter, EntryConsumer out) throws IOException {
        ArchiveIndex index = loaded.index();
        if (index != null) {
            for (IndexEntry e : index.entries()) {
                if (filter.accepts(e.path())) {
                    out.accept(e);
                }
            }
            return new Listing(List.of(), true, List.of(), true);
        }
        List<ChunkHealth> lost = new ArrayList<>();
        boolean complete = true;
        byte[] buffer = new byte[1 << 20];
        try (EntryStream entries = entries(false)) {
            while (true) {
                EntryStream.Event event = entries.next();
                if (event instanceof EntryStream.Entry e) {
                    TarHeader h = e.header();
                    EntryType type = h.isFile() ? EntryType.FILE : h.isDirectory() ? EntryType.DIRECTORY
                            : h.isSymlink() ? EntryType.SYMLINK : h.isHardLink() ? EntryType.HARDLINK : null;
                    if (type == null || !filter.accepts(h.path())) {
                        continue;
                    }
                    String sha = null;
                    if (type == EntryType.FILE) {
                        sha = entries.sha256(e, buffer, Progress.NONE);
                        if (sha == null) {
                            continue;
                        }
                    }
                    out.accept(new IndexEntry(h.path(), type, h.size(), h.mode(), h.mtime(), h.uid(), h.gid(), h.user(),
                            h.group(), h.linkName(), sha, 0, h.offset()));
                } else if (event instanceof EntryStream.Loss l) {
                    complete = false;
                    lost.addAll(l.chunks());
                } else {
                    break;
                }
            }
        }
        return new Listing(List.of(), false, lost, complete);
    }

    /** Parameters, sizes and a quick look at which shards are there (no shard is read, except one header). */
    public ArchiveInfo info() throws IOException {
        VerifyReport quick = new Verifier(this, Progress.NONE).verify(Verifier.Mode.QUICK);
        long present = source.chunkShards().values().stream().mapToLong(java.util.Map::size).sum();
        int damaged = (int) quick.chunks().stream().filter(ChunkHealth::damaged).count();
        int lostChunks = (int) quick.chunks().stream().filter(c -> !c.recovered()).count();
        ArchiveIndex index = loaded.index();
        if (index == null) {
            ChunkHealth first = quick.chunks().isEmpty() ? null : quick.chunks().get(0);
            int k = first == null ? 1 : first.needed();
            int m = first == null ? 1 : first.good().size() + first.missing().size() + first.bad().size();
            ArchiveParameters p = new ArchiveParameters(k, Math.max(k, m), 0, ArchiveParameters.Compression.UNKNOWN,
                    ArchiveParameters.Codec.ZFEC, ArchiveParameters.Layout.DIRECTORY);
            return new ArchiveInfo(source.describe(), loaded.origin(), quick.indexProblems(), p, Optional.empty(),
                    new ArchiveInfo.Shards(quick.chunks().size(), present, (long) quick.chunks().size() * p.totalShards(),
                            damaged, lostChunks), !source.writerFinished());
        }
        long files = index.entries().files();
        long fileBytes = index.entries().fileBytes();
        return new ArchiveInfo(source.describe(), loaded.origin(), quick.indexProblems(), index.parameters(),
                Optional.of(new ArchiveInfo.Contents(index.tool(), index.created(), index.entries().size(), files,
                        fileBytes, index.uncompressedLength(), index.payloadLength())),
                new ArchiveInfo.Shards(index.chunks().size(), present,
                        (long) index.chunks().size() * index.parameters().totalShards(), damaged, lostChunks),
                false);
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            if (loaded.index() != null) {
                loaded.index().close();
            }
        }
    }
}

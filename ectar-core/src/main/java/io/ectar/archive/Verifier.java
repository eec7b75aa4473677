package io.ectar.archive;

import io.ectar.archive.internal.read.ChunkReader;
import io.ectar.archive.internal.read.EntryStream;
import io.ectar.codec.ShareHeader;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ArchiveIndex;
import io.ectar.format.ChunkRecord;
import io.ectar.format.IndexEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks an archive without extracting it.
 *
 * <p>{@link Mode#QUICK} looks at which shard files are there and at their sizes. {@link Mode#FULL} also
 * checks every shard's SHA-256 (or, without an index, its zfec header and the chunk's zstd checksum),
 * rebuilds every chunk, reads the whole tar stream and checks every file's SHA-256, and checks the index
 * shards against the index.
 */
public final class Verifier {

    /** How thoroughly to check. */
    public enum Mode { QUICK, FULL }

    private final Archive archive;
    private final Progress progress;

    public Verifier(Archive archive, Progress progress) {
        this.archive = archive;
        this.progress = progress;
    }

    public VerifyReport verify(Mode mode) throws IOException {
        List<IndexProblem> indexProblems = new ArrayList<>(relevantIndexProblems());
        ArchiveIndex index = archive.index().orElse(null);
        if (index != null) {
            indexProblems.addAll(checkIndexShards(index, mode));
        }
        if (mode == Mode.QUICK) {
            List<ChunkHealth> chunks = index != null ? quickIndexed(index) : quickBlind();
            return new VerifyReport(archive.source().describe(), mode, archive.indexOrigin(),
                    IndexProblem.messages(indexProblems), chunks, 0, List.of(), List.of());
        }
        return full(index, indexProblems);
    }

    /** "No index at all" is how a --no-index archive looks: only a damaged or partial index is a problem. */
    private List<IndexProblem> relevantIndexProblems() throws IOException {
        List<IndexProblem> problems = archive.indexProblemDetails();
        if (archive.indexOrigin() == IndexOrigin.NONE && archive.source().indexShards().isEmpty()
                && problems.stream().noneMatch(p -> p.kind().isDamage())) {
            return List.of();
        }
        return problems;
    }

    private List<ChunkHealth> quickIndexed(ArchiveIndex index) throws IOException {
        SortedMap<Integer, SortedMap<Integer, Long>> present = archive.source().chunkShards();
        int k = index.parameters().dataShards();
        List<ChunkHealth> out = new ArrayList<>();
        for (ChunkRecord c : index.chunks()) {
            SortedMap<Integer, Long> shards = present.getOrDefault(c.number(), new TreeMap<>());
            List<Integer> good = new ArrayList<>();
            List<Integer> missing = new ArrayList<>();
            SortedMap<Integer, String> bad = new TreeMap<>();
            for (int s = 0; s < index.parameters().totalShards(); s++) {
                Long size = shards.get(s);
                if (size == null || s >= c.shardSha256().size() || c.shardSha256().get(s) == null) {
                    missing.add(s);
                } else if (size >= 0 && size != c.shardLength()) {
                    bad.put(s, "size " + size + " instead of " + c.shardLength());
                } else {
                    good.add(s);
                }
            }
            out.add(new ChunkHealth(c.number(), k, good, missing, bad, good.size() >= k, null));
        }
        return out;
    }

    private List<ChunkHealth> quickBlind() throws IOException {
        SortedMap<Integer, SortedMap<Integer, Long>> present = archive.source().chunkShards();
        Code code = probeCode(present);
        List<ChunkHealth> out = new ArrayList<>();
        int last = present.isEmpty() ? 0 : present.lastKey();
        for (int c = 1; c <= last; c++) {
            SortedMap<Integer, Long> shards = present.getOrDefault(c, new TreeMap<>());
            long usual = ChunkReader.usualLength(shards.values());
            List<Integer> good = new ArrayList<>();
            List<Integer> missing = new ArrayList<>();
            SortedMap<Integer, String> bad = new TreeMap<>();
            for (int s = 0; s < code.m(); s++) {
                Long size = shards.get(s);
                if (size == null) {
                    missing.add(s);
                } else if (size != usual) {
                    bad.put(s, "size " + size + " while its other shards have " + usual);
                } else {
                    good.add(s);
                }
            }
            out.add(new ChunkHealth(c, code.k(), good, missing, bad, good.size() >= code.k(), null));
        }
        return out;
    }

    /** A zfec code: {@code k} shards of {@code m} rebuild a chunk. */
    private record Code(int k, int m) {
    }

    /** k and m from the first readable zfec header. */
    private Code probeCode(SortedMap<Integer, SortedMap<Integer, Long>> present) throws IOException {
        for (Map.Entry<Integer, SortedMap<Integer, Long>> chunk : present.entrySet()) {
            for (int s : chunk.getValue().keySet()) {
                try {
                    ShareHeader h = ShareHeader.parse(archive.source().readShard(chunk.getKey(), s, ShareHeader.MAX_LENGTH));
                    return new Code(h.k(), h.m());
                } catch (IOException unreadable) {
                    // try the next shard
                }
            }
        }
        throw new ArchiveException("no readable shard in " + archive.source().describe());
    }

    /** The index shards must be exactly the coding of the index (read and coded as streams, never whole). */
    private List<IndexProblem> checkIndexShards(ArchiveIndex index, Mode mode) throws IOException {
        ShardSource source = archive.source();
        long indexLength = source.indexFileLength();
        SortedMap<Integer, Long> shards = source.indexShards();
        int m = index.parameters().totalShards();
        ZfecCodec codec = ZfecCodec.create(index.parameters().dataShards(), m);
        List<IndexProblem> problems = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int s = 0; s < m; s++) {
            if (!shards.containsKey(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty() && missing.size() < m) {
            problems.add(new IndexProblem(IndexProblem.Kind.SHARDS_MISSING, "index shards " + missing
                    + " are missing"));
        } else if (missing.size() == m && archive.indexOrigin() == IndexOrigin.FILE) {
            problems.add(new IndexProblem(IndexProblem.Kind.SHARDS_MISSING, "every index shard " + source.base()
                    + ".index.sMM is missing"));
        }
        if (indexLength < 0 || archive.indexOrigin() != IndexOrigin.FILE) {
            return problems;
        }
        long expected = codec.shareFileLength(indexLength);
        List<Integer> bad = new ArrayList<>();
        SortedMap<Integer, SameBytes> compared = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : shards.entrySet()) {
            if (e.getKey() >= m) {
                continue;
            }
            if (e.getValue() != expected) {
                bad.add(e.getKey());
            } else if (mode == Mode.FULL) {
                try {
                    compared.put(e.getKey(), new SameBytes(source.openIndexShard(e.getKey(), expected + 1)));
                } catch (NoSuchFileException gone) {
                    bad.add(e.getKey());
                }
            }
        }
        if (!compared.isEmpty()) {
            try {
                List<OutputStream> outs = new ArrayList<>();
                for (int s = 0; s < m; s++) {
                    outs.add(compared.containsKey(s) ? compared.get(s) : OutputStream.nullOutputStream());
                }
                try (InputStream in = source.openIndexFile().orElseThrow(() -> new NoSuchFileException(
                        source.base() + ".index.zst"))) {
                    codec.encode(in, indexLength, outs);
                }
                compared.forEach((s, c) -> {
                    if (!c.same()) {
                        bad.add(s);
                    }
                });
            } finally {
                for (SameBytes c : compared.values()) {
                    c.close();
                }
            }
            bad.sort(null);
        }
        if (!bad.isEmpty()) {
            problems.add(new IndexProblem(IndexProblem.Kind.SHARDS_DAMAGED, "index shards " + bad + " are damaged"));
        }
        return problems;
    }

    /** Compares what is written with a file's bytes, as both stream by. */
    private static final class SameBytes extends OutputStream {
        private final InputStream file;
        private byte[] read = new byte[0];
        private boolean differs;

        SameBytes(InputStream file) {
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (differs) {
                return;
            }
            if (read.length < len) {
                read = new byte[len];
            }
            try {
                differs = file.readNBytes(read, 0, len) < len || !Arrays.equals(read, 0, len, b, off, off + len);
            } catch (IOException unreadable) {
                differs = true;
            }
        }

        /** Whether the file held exactly what was written (nothing more). */
        boolean same() {
            try {
                return !differs && file.read() < 0;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private VerifyReport full(ArchiveIndex index, List<IndexProblem> indexProblems) throws IOException {
        long total = index == null ? -1 : index.entries().fileBytes();
        progress.start("verifying", total);
        List<String> fileProblems = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        Unlisted unlisted = new Unlisted();
        long files = 0;
        byte[] buffer = new byte[1 << 20];
        List<ChunkHealth> health;
        boolean anyLoss = false;
        try (EntryStream entries = archive.entries(true, unlisted)) {
            while (true) {
                EntryStream.Event event = entries.next();
                if (event instanceof EntryStream.Entry e) {
                    if (!e.header().isFile()) {
                        continue;
                    }
                    String sha = entries.sha256(e, buffer, progress);
                    if (sha == null) {
                        continue;
                    }
                    files++;
                    if (e.indexed() != null && e.indexed().sha256() != null && !sha.equals(e.indexed().sha256())) {
                        fileProblems.add(e.header().path() + ": SHA-256 does not match the index");
                    }
                } else if (event instanceof EntryStream.Loss l) {
                    anyLoss = true;
                    lost.addAll(l.affected());
                    if (l.endsEarly()) {
                        lost.add("(the archive ends early: its last chunks are missing)");
                    }
                } else {
                    break;
                }
            }
            health = new ArrayList<>(entries.chunkHealth());
        } finally {
            progress.finish();
        }
        if (index != null && !anyLoss) {
            fileProblems.addAll(unlisted.problems());
        }
        return new VerifyReport(archive.source().describe(), Mode.FULL, archive.indexOrigin(),
                IndexProblem.messages(indexProblems), health, files, fileProblems, lost);
    }

    /**
     * The index entries missing from the tar stream, as problem lines: the first {@link #SHOWN} named, the rest
     * counted (a foreign index would otherwise fill the heap with one line per entry).
     */
    private static final class Unlisted implements Consumer<IndexEntry> {
        private static final int SHOWN = 1000;
        private final List<String> named = new ArrayList<>();
        private long more;

        @Override
        public void accept(IndexEntry e) {
            if (named.size() < SHOWN) {
                named.add(e.path() + ": listed in the index but not in the tar stream");
            } else {
                more++;
            }
        }

        List<String> problems() {
            if (more == 0) {
                return named;
            }
            List<String> all = new ArrayList<>(named);
            all.add("... and " + more + " more entries listed in the index but not in the tar stream");
            return all;
        }
    }
}

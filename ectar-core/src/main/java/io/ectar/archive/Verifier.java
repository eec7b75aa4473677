package io.ectar.archive;

import io.ectar.codec.ShareHeader;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ArchiveIndex;
import io.ectar.format.ChunkRecord;
import io.ectar.format.IndexEntry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

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
        List<String> indexProblems = new ArrayList<>(relevantIndexProblems());
        ArchiveIndex index = archive.index().orElse(null);
        if (index != null) {
            indexProblems.addAll(checkIndexShards(index, mode));
        }
        if (mode == Mode.QUICK) {
            List<ChunkHealth> chunks = index != null ? quickIndexed(index) : quickBlind();
            return new VerifyReport(archive.source().describe(), mode, archive.indexOrigin(), indexProblems, chunks,
                    0, List.of(), List.of());
        }
        return full(index, indexProblems);
    }

    /** "No index at all" is how a --no-index archive looks: only a damaged or partial index is a problem. */
    private List<String> relevantIndexProblems() throws IOException {
        if (archive.indexOrigin() == IndexOrigin.NONE && archive.source().indexShards().isEmpty()
                && archive.indexProblems().stream().noneMatch(p -> p.contains("damaged"))) {
            return List.of();
        }
        return archive.indexProblems();
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
        int[] km = probeCode(present);
        List<ChunkHealth> out = new ArrayList<>();
        int last = present.isEmpty() ? 0 : present.lastKey();
        for (int c = 1; c <= last; c++) {
            SortedMap<Integer, Long> shards = present.getOrDefault(c, new TreeMap<>());
            long usual = ChunkReader.usualLength(shards.values());
            List<Integer> good = new ArrayList<>();
            List<Integer> missing = new ArrayList<>();
            SortedMap<Integer, String> bad = new TreeMap<>();
            for (int s = 0; s < km[1]; s++) {
                Long size = shards.get(s);
                if (size == null) {
                    missing.add(s);
                } else if (size != usual) {
                    bad.put(s, "size " + size + " while its other shards have " + usual);
                } else {
                    good.add(s);
                }
            }
            out.add(new ChunkHealth(c, km[0], good, missing, bad, good.size() >= km[0], null));
        }
        return out;
    }

    /** k and m from the first readable zfec header. */
    private int[] probeCode(SortedMap<Integer, SortedMap<Integer, Long>> present) throws IOException {
        for (Map.Entry<Integer, SortedMap<Integer, Long>> chunk : present.entrySet()) {
            for (int s : chunk.getValue().keySet()) {
                try {
                    ShareHeader h = ShareHeader.parse(archive.source().readShard(chunk.getKey(), s, ShareHeader.MAX_LENGTH));
                    return new int[] {h.k(), h.m()};
                } catch (IOException unreadable) {
                    // try the next shard
                }
            }
        }
        throw new ArchiveException("no readable shard in " + archive.source().describe());
    }

    /** The index shards must be exactly the coding of the index. */
    private List<String> checkIndexShards(ArchiveIndex index, Mode mode) throws IOException {
        ShardSource source = archive.source();
        byte[] indexFile = source.readIndexFile(Integer.MAX_VALUE - 16).orElse(null);
        SortedMap<Integer, Long> shards = source.indexShards();
        int m = index.parameters().totalShards();
        ZfecCodec codec = ZfecCodec.create(index.parameters().dataShards(), m);
        List<String> problems = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        for (int s = 0; s < m; s++) {
            if (!shards.containsKey(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty() && missing.size() < m) {
            problems.add("index shards " + missing + " are missing");
        } else if (missing.size() == m && archive.indexOrigin() == IndexOrigin.FILE) {
            problems.add("every index shard " + source.base() + ".index.sMM is missing");
        }
        if (indexFile == null || archive.indexOrigin() != IndexOrigin.FILE) {
            return problems;
        }
        long expected = codec.shareFileLength(indexFile.length);
        byte[][] rebuilt = mode == Mode.FULL ? codec.encode(indexFile) : null;
        List<Integer> bad = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : shards.entrySet()) {
            if (e.getKey() >= m) {
                continue;
            }
            if (e.getValue() != expected) {
                bad.add(e.getKey());
            } else if (rebuilt != null) {
                try {
                    if (!Arrays.equals(rebuilt[e.getKey()], source.readIndexShard(e.getKey(), expected + 1))) {
                        bad.add(e.getKey());
                    }
                } catch (NoSuchFileException gone) {
                    bad.add(e.getKey());
                }
            }
        }
        if (!bad.isEmpty()) {
            problems.add("index shards " + bad + " are damaged");
        }
        return problems;
    }

    private VerifyReport full(ArchiveIndex index, List<String> indexProblems) throws IOException {
        long total = index == null ? -1 : index.entries().stream().mapToLong(IndexEntry::size).sum();
        progress.start("verifying", total);
        List<String> fileProblems = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        Set<IndexEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long files = 0;
        byte[] buffer = new byte[1 << 20];
        List<ChunkHealth> health;
        boolean anyLoss = false;
        try (EntryStream entries = archive.entries(true)) {
            while (true) {
                EntryStream.Event event = entries.next();
                if (event instanceof EntryStream.Entry e) {
                    if (e.indexed() != null) {
                        seen.add(e.indexed());
                    }
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
            for (IndexEntry e : index.entries()) {
                if (!seen.contains(e)) {
                    fileProblems.add(e.path() + ": listed in the index but not in the tar stream");
                }
            }
        }
        return new VerifyReport(archive.source().describe(), Mode.FULL, archive.indexOrigin(), indexProblems, health,
                files, fileProblems, lost);
    }
}

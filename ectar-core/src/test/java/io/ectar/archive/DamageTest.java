package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Missing, corrupt and truncated shards; lost chunks; lost indexes. */
class DamageTest {

    private static final int K = 3;
    private static final int M = 5;

    @TempDir
    static Path shared;
    static Path source;
    static Path archive;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createArchive() throws Exception {
        source = TrickyTree.create(shared.resolve("src/data"), 200_000, 7);
        archive = shared.resolve("archive");
        CreateResult r = Archives.create(archive,
                CreateOptions.defaults().withShards(K, M - K).withChunkSize(K * 4096 * 8), source);
        assertThat(r.chunks()).isBetween(8, 20);
    }

    /** Keeps only the shards in {@code keep} of every chunk. */
    private static Path keepOnly(Path dir, Set<Integer> keep) throws Exception {
        int chunks = Archives.chunkCount(dir);
        for (int c = 1; c <= chunks; c++) {
            for (int s = 0; s < M; s++) {
                if (!keep.contains(s)) {
                    Files.delete(Archives.shard(dir, c, s));
                }
            }
        }
        return dir;
    }

    @Test
    void everyKSubsetOfShardsRestoresEverything() throws Exception {
        List<Set<Integer>> subsets = new ArrayList<>();
        for (int a = 0; a < M; a++) {
            for (int b = a + 1; b < M; b++) {
                for (int c = b + 1; c < M; c++) {
                    subsets.add(Set.of(a, b, c));
                }
            }
        }
        assertThat(subsets).hasSize(10);
        for (Set<Integer> keep : subsets) {
            Path dir = keepOnly(Archives.copy(archive, tmp.resolve("a" + new TreeSet<>(keep))), keep);
            Path out = tmp.resolve("out" + new TreeSet<>(keep));
            ExtractResult r = Archives.extract(dir, out, ExtractOptions.defaults());
            assertThat(r.lostSomething()).as("subset %s", keep).isFalse();
            assertThat(r.repairedChunks()).as("subset %s", keep).isNotEmpty();
            TrickyTree.assertSame(source, out.resolve("data"));
            VerifyReport v = Archives.verify(dir, Verifier.Mode.FULL);
            assertThat(v.status()).as("subset %s", keep).isEqualTo(VerifyReport.Status.DAMAGED);
            assertThat(v.chunks()).allSatisfy(h -> assertThat(h.missing()).hasSize(M - K));
        }
    }

    private enum Harm { FLIP, TRUNCATE, DELETE, EMPTY, APPEND }

    /** Damages up to m-k random shards of every chunk; returns chunk to damaged shard numbers. */
    private static Map<Integer, Set<Integer>> damage(Path dir, long seed) throws Exception {
        Random random = new Random(seed);
        Map<Integer, Set<Integer>> damaged = new HashMap<>();
        int chunks = Archives.chunkCount(dir);
        for (int c = 1; c <= chunks; c++) {
            Set<Integer> hit = new TreeSet<>();
            int count = random.nextInt(M - K + 1);
            while (hit.size() < count) {
                hit.add(random.nextInt(M));
            }
            for (int s : hit) {
                Path shard = Archives.shard(dir, c, s);
                long size = Files.size(shard);
                switch (Harm.values()[random.nextInt(Harm.values().length)]) {
                    case FLIP -> {
                        try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
                            long at = (long) (random.nextDouble() * size);
                            f.seek(at);
                            int b = f.read();
                            f.seek(at);
                            f.write(b ^ (1 << random.nextInt(8)));
                        }
                    }
                    case TRUNCATE -> {
                        try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
                            f.setLength((long) (random.nextDouble() * size));
                        }
                    }
                    case DELETE -> Files.delete(shard);
                    case EMPTY -> Files.write(shard, new byte[0]);
                    case APPEND -> {
                        byte[] extra = new byte[1 + random.nextInt(5000)];
                        random.nextBytes(extra);
                        Files.write(shard, extra, java.nio.file.StandardOpenOption.APPEND);
                    }
                }
            }
            damaged.put(c, hit);
        }
        return damaged;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void flippedTruncatedAndMissingShardsAreRepairedAndReported(long seed) throws Exception {
        Path dir = Archives.copy(archive, tmp.resolve("damaged"));
        Map<Integer, Set<Integer>> damaged = damage(dir, seed);

        VerifyReport v = Archives.verify(dir, Verifier.Mode.FULL);
        for (ChunkHealth h : v.chunks()) {
            Set<Integer> reported = new TreeSet<>(h.missing());
            reported.addAll(h.bad().keySet());
            assertThat(reported).as("chunk %d", h.chunk()).isEqualTo(damaged.get(h.chunk()));
            assertThat(h.recovered()).isTrue();
        }
        assertThat(v.filesChecked()).isEqualTo(17);
        assertThat(v.fileProblems()).isEmpty();

        ExtractResult r = Archives.extract(dir, tmp.resolve("out"), ExtractOptions.defaults());
        assertThat(r.lostSomething()).isFalse();
        TrickyTree.assertSame(source, tmp.resolve("out/data"));
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void damagedShardsWithoutAnyIndexAreFoundByTheirHeadersAndChecksums(long seed) throws Exception {
        Path dir = Archives.copy(archive, tmp.resolve("damaged"));
        Archives.deleteIndex(dir, true);
        Map<Integer, Set<Integer>> damaged = damage(dir, seed);

        VerifyReport v = Archives.verify(dir, Verifier.Mode.FULL);
        assertThat(v.indexOrigin()).isEqualTo(IndexOrigin.NONE);
        for (ChunkHealth h : v.chunks()) {
            Set<Integer> reported = new TreeSet<>(h.missing());
            reported.addAll(h.bad().keySet());
            assertThat(reported).as("chunk %d: %s", h.chunk(), h.describe()).isEqualTo(damaged.get(h.chunk()));
        }
        ExtractResult r = Archives.extract(dir, tmp.resolve("out"), ExtractOptions.defaults());
        assertThat(r.lostSomething()).isFalse();
        TrickyTree.assertSame(source, tmp.resolve("out/data"));
    }

    @Test
    void extractionWorksFromIndexShardsAndFromNoIndexAtAll() throws Exception {
        Path dir = Archives.copy(archive, tmp.resolve("no-index-file"));
        Archives.deleteIndex(dir, false);
        Files.delete(dir.resolve(Archives.BASE + ".index.s01"));
        try (Archive a = Archive.open(dir.resolve(Archives.BASE).toString())) {
            assertThat(a.indexOrigin()).isEqualTo(IndexOrigin.SHARDS);
            assertThat(a.indexProblems()).anyMatch(p -> p.contains("index.zst is missing"));
        }
        Archives.extract(dir, tmp.resolve("out1"), ExtractOptions.defaults());
        TrickyTree.assertSame(source, tmp.resolve("out1/data"));

        Archives.deleteIndex(Archives.copy(archive, tmp.resolve("nothing")), true);
        try (Archive a = Archive.open(tmp.resolve("nothing").resolve(Archives.BASE).toString())) {
            assertThat(a.indexOrigin()).isEqualTo(IndexOrigin.NONE);
            Listing l = a.list(PathFilter.all());
            assertThat(l.fromIndex()).isFalse();
            assertThat(l.entries()).extracting(io.ectar.format.IndexEntry::path).contains("data/plain.txt");
        }
        ExtractResult r = Archives.extract(tmp.resolve("nothing"), tmp.resolve("out2"), ExtractOptions.defaults());
        assertThat(r.lostSomething()).isFalse();
        TrickyTree.assertSame(source, tmp.resolve("out2/data"));
    }

    @Test
    void aCorruptIndexFileFallsBackToItsShards() throws Exception {
        Path dir = Archives.copy(archive, tmp.resolve("corrupt-index"));
        Path index = dir.resolve(Archives.BASE + ".index.zst");
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(index, bytes);
        try (Archive a = Archive.open(dir.resolve(Archives.BASE).toString())) {
            assertThat(a.indexOrigin()).isEqualTo(IndexOrigin.SHARDS);
            assertThat(a.indexProblems()).anyMatch(p -> p.contains("damaged"));
        }
        assertThat(Archives.verify(dir, Verifier.Mode.QUICK).status()).isEqualTo(VerifyReport.Status.DAMAGED);
    }

    /** Removes k-1 ... so that chunk {@code chunk} keeps only k-1 shards. */
    private static Path loseChunk(Path dir, int chunk) throws Exception {
        for (int s = 0; s <= M - K; s++) {
            Files.delete(Archives.shard(dir, chunk, s));
        }
        return dir;
    }

    @Test
    void aLostChunkStopsExtractionUnlessPartial() throws Exception {
        Path dir = loseChunk(Archives.copy(archive, tmp.resolve("lost")), 3);
        assertThatThrownBy(() -> Archives.extract(dir, tmp.resolve("strict"), ExtractOptions.defaults()))
                .isInstanceOf(UnrecoverableChunkException.class)
                .hasMessageContaining("chunk 3 cannot be recovered")
                .hasMessageContaining("2 of 3 needed shards are good")
                .hasMessageContaining("missing shards 0,1,2")
                .hasMessageContaining("--partial");

        Path out = tmp.resolve("partial");
        ExtractResult r = Archives.extract(dir, out, ExtractOptions.defaults().withPartial(true));
        assertThat(r.lostSomething()).isTrue();
        assertThat(r.lostChunks()).extracting(ChunkHealth::chunk).containsExactly(3);
        assertThat(r.lost()).isNotEmpty();
        assertEverythingButLostIsIntact(out, r.lost());
        VerifyReport v = Archives.verify(dir, Verifier.Mode.FULL);
        assertThat(v.status()).isEqualTo(VerifyReport.Status.UNRECOVERABLE);
        assertThat(v.lostEntries()).containsExactlyElementsOf(r.lost());
    }

    @Test
    void aLostChunkWithoutAnyIndexIsSkippedToTheNextHeader() throws Exception {
        Path dir = loseChunk(Archives.copy(archive, tmp.resolve("lost")), 2);
        Archives.deleteIndex(dir, true);
        assertThatThrownBy(() -> Archives.extract(dir, tmp.resolve("strict"), ExtractOptions.defaults()))
                .isInstanceOf(UnrecoverableChunkException.class).hasMessageContaining("chunk 2");
        Path out = tmp.resolve("partial");
        ExtractResult r = Archives.extract(dir, out, ExtractOptions.defaults().withPartial(true));
        assertThat(r.lostChunks()).extracting(ChunkHealth::chunk).containsExactly(2);
        assertEverythingButLostIsIntact(out, List.of());
        // Files after the lost chunk were found again.
        assertThat(out.resolve("data/tool.sh")).exists();
    }

    /** Every extracted file equals its original; everything not extracted is accounted for in {@code lost} (if given). */
    private static void assertEverythingButLostIsIntact(Path out, List<String> lost) throws Exception {
        Map<String, String> want = TrickyTree.describe(source);
        Map<String, String> got = TrickyTree.describe(out.resolve("data"));
        for (Map.Entry<String, String> e : got.entrySet()) {
            if (!e.getKey().isEmpty() && !want.get(e.getKey()).startsWith("dir")) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(want.get(e.getKey()));
            }
        }
        if (!lost.isEmpty()) {
            for (String path : want.keySet()) {
                if (!path.isEmpty() && !got.containsKey(path)) {
                    assertThat(lost).as("missing %s", path).anyMatch(l -> l.equals("data/" + path)
                            || ("data/" + path).startsWith(l + "/"));
                }
            }
        }
    }
}

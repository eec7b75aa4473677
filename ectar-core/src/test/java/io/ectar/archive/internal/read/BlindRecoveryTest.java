package io.ectar.archive.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.Archives;
import io.ectar.archive.ChunkHealth;
import io.ectar.archive.CreateOptions;
import io.ectar.archive.ExtractOptions;
import io.ectar.archive.ExtractResult;
import io.ectar.archive.IndexOrigin;
import io.ectar.archive.TrickyTree;
import io.ectar.archive.Verifier;
import io.ectar.archive.VerifyReport;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Index-less recovery with 10+5 shards: a bad shard is found wherever it is, and good shards are never
 * blamed, whether the payloads carry a checksum or not.
 */
class BlindRecoveryTest {

    private static final int K = 10;
    private static final int M = 15;

    @TempDir
    Path tmp;

    private Path archive(int level) throws Exception {
        Path source = TrickyTree.create(tmp.resolve("src/data"), 120_000, 21);
        Path dir = tmp.resolve("archive");
        Archives.create(dir, CreateOptions.defaults().withCompressionLevel(level)
                .withChunkSize(K * 4096 * 4), source);
        Archives.deleteIndex(dir, true);
        return dir;
    }

    private static void flip(Path shard, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(shard.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
    }

    /** One flipped byte in each given shard of every chunk, after the zfec header. */
    private static void flipEveryChunk(Path dir, Set<Integer> shards, long seed) throws Exception {
        Random random = new Random(seed);
        for (int c = 1; c <= Archives.chunkCount(dir); c++) {
            for (int s : shards) {
                Path shard = Archives.shard(dir, c, s);
                flip(shard, 4 + (long) (random.nextDouble() * (Files.size(shard) - 4)));
            }
        }
    }

    private void assertOnlyBlamed(Path dir, Set<Integer> damaged) throws Exception {
        VerifyReport v = Archives.verify(dir, Verifier.Mode.FULL);
        assertThat(v.indexOrigin()).isEqualTo(IndexOrigin.NONE);
        assertThat(v.chunks()).isNotEmpty();
        for (ChunkHealth h : v.chunks()) {
            assertThat(h.recovered()).as("chunk %d: %s", h.chunk(), h.describe()).isTrue();
            assertThat(h.bad().keySet()).as("chunk %d: %s", h.chunk(), h.describe()).isEqualTo(damaged);
            Set<Integer> good = new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
            good.removeAll(damaged);
            assertThat(h.good()).as("chunk %d", h.chunk()).containsExactlyInAnyOrderElementsOf(good);
        }
        ExtractResult r = Archives.extract(dir, tmp.resolve("out"), ExtractOptions.defaults());
        assertThat(r.lostSomething()).isFalse();
        TrickyTree.assertSame(tmp.resolve("src/data"), tmp.resolve("out/data"));
    }

    @Test
    void theSubsetsAreDistinctAndLeaveEveryShardOutEarly() {
        Set<List<Integer>> seen = new HashSet<>();
        Map<Integer, Integer> firstWithout = new HashMap<>();
        Iterator<int[]> it = BlindRecovery.subsets(M, K);
        while (it.hasNext()) {
            List<Integer> subset = Arrays.stream(it.next()).boxed().toList();
            assertThat(subset).hasSize(K).isSorted().doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < M);
            assertThat(seen.add(subset)).as("repeated %s", subset).isTrue();
            for (int s = 0; s < M; s++) {
                if (!subset.contains(s)) {
                    firstWithout.putIfAbsent(s, seen.size());
                }
            }
        }
        assertThat(seen).hasSize(3003); // every 10-subset of 15
        for (int s = 0; s < M; s++) {
            assertThat(firstWithout.get(s)).as("shard %d first left out at attempt", s).isLessThanOrEqualTo(K + 1);
        }
    }

    @ParameterizedTest(name = "compression level {0}")
    @ValueSource(ints = {3, 0})
    void aFlippedByteInShardZeroIsFoundAndOnlyItIsBlamed(int level) throws Exception {
        Path dir = archive(level);
        flipEveryChunk(dir, Set.of(0), 1);
        assertOnlyBlamed(dir, Set.of(0));
    }

    @ParameterizedTest(name = "compression level {0}")
    @ValueSource(ints = {3, 0})
    void twoFlippedDataShardsAreFoundAndOnlyTheyAreBlamed(int level) throws Exception {
        Path dir = archive(level);
        flipEveryChunk(dir, Set.of(0, 7), 2);
        assertOnlyBlamed(dir, Set.of(0, 7));
    }

    @ParameterizedTest(name = "compression level {0}")
    @ValueSource(ints = {3, 0})
    void aFlippedParityShardIsBlamedAlone(int level) throws Exception {
        Path dir = archive(level);
        flipEveryChunk(dir, Set.of(12), 3);
        assertOnlyBlamed(dir, Set.of(12));
    }
}

package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.format.ChunkHeader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Format version 2: every chunk payload names its archive and its number and carries a checksum, so that
 * without an index a chunk of another archive, a chunk out of place, or a damaged plain payload is found,
 * never extracted as if it were right.
 */
class ChunkIdentityTest {

    private static final int K = 3;
    private static final int M = 5;
    private static final long CHUNK = K * 4096 * 4;

    @TempDir
    Path tmp;

    /** Two archives of the same k+m and chunk size, from different trees. */
    private Path[] twoArchives(int level) throws Exception {
        Path ours = tmp.resolve("ours");
        Path theirs = tmp.resolve("theirs");
        CreateOptions options = CreateOptions.defaults().withShards(K, M - K).withChunkSize(CHUNK)
                .withCompressionLevel(level);
        Archives.create(ours, options, TrickyTree.create(tmp.resolve("src-ours/data"), 150_000, 31));
        Archives.create(theirs, options, TrickyTree.create(tmp.resolve("src-theirs/data"), 150_000, 32));
        assertThat(Archives.chunkCount(ours)).isGreaterThan(2);
        assertThat(Archives.chunkCount(theirs)).isGreaterThan(2);
        return new Path[] {ours, theirs};
    }

    private static void copyShards(Path from, int fromChunk, Path to, int toChunk, Set<Integer> shards)
            throws Exception {
        for (int s : shards) {
            Files.copy(Archives.shard(from, fromChunk, s), Archives.shard(to, toChunk, s),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void assertChunkTwoIsLost(Path dir, String because) throws Exception {
        assertThatThrownBy(() -> Archives.extract(dir, tmp.resolve("out"), ExtractOptions.defaults()))
                .isInstanceOf(UnrecoverableChunkException.class)
                .hasMessageContaining("chunk 2 cannot be recovered")
                .hasMessageContaining(because);
        VerifyReport v = Archives.verify(dir, Verifier.Mode.FULL);
        assertThat(v.status()).isEqualTo(VerifyReport.Status.UNRECOVERABLE);
        assertThat(v.chunks()).filteredOn(h -> !h.recovered()).extracting(ChunkHealth::chunk).containsExactly(2);
        assertThat(v.chunks().get(1).describe()).contains(because);
    }

    @ParameterizedTest(name = "compression level {0}")
    @ValueSource(ints = {3, 0})
    void aChunkOfAnotherArchiveIsRefusedWithoutAnIndex(int level) throws Exception {
        Path[] a = twoArchives(level);
        copyShards(a[1], 2, a[0], 2, Set.of(0, 1, 2, 3, 4));
        Archives.deleteIndex(a[0], true);
        assertChunkTwoIsLost(a[0], "of another archive or chunk");
        assertThat(Archives.verify(a[0], Verifier.Mode.FULL).chunks().get(1).describe())
                .contains("hold chunk 2 of archive ").contains("(as chunk 1 says)");
    }

    @Test
    void aChunkOfTheSameArchiveInTheWrongPlaceIsRefusedWithoutAnIndex() throws Exception {
        Path[] a = twoArchives(3);
        copyShards(a[0], 3, a[0], 2, Set.of(0, 1, 2, 3, 4));
        Archives.deleteIndex(a[0], true);
        assertChunkTwoIsLost(a[0], "hold chunk 3 of archive ");
    }

    @Test
    void foreignShardsMixedInAreBlamedAndTheOthersRebuildTheChunk() throws Exception {
        Path[] a = twoArchives(3);
        copyShards(a[1], 2, a[0], 2, Set.of(0, 4));
        Archives.deleteIndex(a[0], true);
        VerifyReport v = Archives.verify(a[0], Verifier.Mode.FULL);
        ChunkHealth two = v.chunks().get(1);
        assertThat(two.recovered()).as(two.describe()).isTrue();
        assertThat(two.bad().keySet()).as(two.describe()).containsExactly(0, 4);
        assertThat(two.good()).containsExactly(1, 2, 3);
        ExtractResult r = Archives.extract(a[0], tmp.resolve("out"), ExtractOptions.defaults());
        assertThat(r.lostSomething()).isFalse();
        TrickyTree.assertSame(tmp.resolve("src-ours/data"), tmp.resolve("out/data"));
    }

    /** With only k shards left nothing else can confirm a plain payload: its own checksum must. */
    @Test
    void aFlippedByteInAPlainPayloadWithOnlyKShardsAndNoIndexIsFound() throws Exception {
        Path dir = twoArchives(0)[0];
        Archives.deleteIndex(dir, true);
        Files.delete(Archives.shard(dir, 2, 3));
        Files.delete(Archives.shard(dir, 2, 4));
        Path s00 = Archives.shard(dir, 2, 0);
        try (RandomAccessFile f = new RandomAccessFile(s00.toFile(), "rw")) {
            long at = Files.size(s00) / 2; // inside the tar data, past every header
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        assertChunkTwoIsLost(dir, "no 3 shards decode to valid data");
    }

    @Test
    void everyPayloadStartsWithItsHeader() throws Exception {
        Path dir = twoArchives(0)[0];
        String id = null;
        for (int c = 1; c <= Archives.chunkCount(dir); c++) {
            byte[] s00 = Files.readAllBytes(Archives.shard(dir, c, 0));
            // Stripes give shard 0 the payload's first 4096 bytes, after its zfec header (2 bytes for 3+5).
            ChunkHeader h = ChunkHeader.parse(java.util.Arrays.copyOfRange(s00, 2, 2 + ChunkHeader.SIZE));
            assertThat(h.chunk()).isEqualTo(c);
            id = id == null ? h.archiveId() : id;
            assertThat(h.archiveId()).isEqualTo(id);
        }
        try (Archive a = Archive.open(dir.resolve(Archives.BASE).toString())) {
            assertThat(a.info().parameters().archiveId()).isEqualTo(id);
        }
    }
}

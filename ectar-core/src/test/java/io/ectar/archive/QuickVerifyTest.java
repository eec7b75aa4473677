package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify --quick and info look at presence and sizes only. */
class QuickVerifyTest {

    @TempDir
    Path tmp;

    @Test
    void quickCheckSeesMissingAndWrongSizedShardsButNotFlippedBytes() throws Exception {
        Path data = TrickyTree.create(tmp.resolve("data"), 50_000, 5);
        Path archive = tmp.resolve("archive");
        Archives.create(archive, CreateOptions.defaults().withShards(2, 1).withChunkSize(256 << 10), data);
        assertThat(Archives.verify(archive, Verifier.Mode.QUICK).status()).isEqualTo(VerifyReport.Status.OK);

        byte[] flipped = Files.readAllBytes(Archives.shard(archive, 1, 2));
        flipped[flipped.length - 1] ^= 1;
        Files.write(Archives.shard(archive, 1, 2), flipped);
        assertThat(Archives.verify(archive, Verifier.Mode.QUICK).status()).isEqualTo(VerifyReport.Status.OK);
        VerifyReport full = Archives.verify(archive, Verifier.Mode.FULL);
        assertThat(full.status()).isEqualTo(VerifyReport.Status.DAMAGED);
        assertThat(full.chunks().get(0).bad()).containsEntry(2, "SHA-256 mismatch");

        Files.delete(Archives.shard(archive, 2, 0));
        try (RandomAccessFile f = new RandomAccessFile(Archives.shard(archive, 3, 1).toFile(), "rw")) {
            f.setLength(f.length() - 1);
        }
        VerifyReport quick = Archives.verify(archive, Verifier.Mode.QUICK);
        assertThat(quick.status()).isEqualTo(VerifyReport.Status.DAMAGED);
        assertThat(quick.chunks().get(1).missing()).containsExactly(0);
        assertThat(quick.chunks().get(2).bad()).containsOnlyKeys(1);

        Files.delete(Archives.shard(archive, 2, 1));
        assertThat(Archives.verify(archive, Verifier.Mode.QUICK).status()).isEqualTo(VerifyReport.Status.UNRECOVERABLE);
        try (Archive a = Archive.open(archive.resolve(Archives.BASE).toString())) {
            ArchiveInfo info = a.info();
            assertThat(info.shards().lostChunks()).isEqualTo(1);
            assertThat(info.shards().damagedChunks()).isEqualTo(2);
            assertThat(info.shards().present()).isEqualTo(info.shards().expected() - 2);
            assertThat(info.contents().orElseThrow().entries()).isEqualTo((long) TrickyTree.describe(data).size());
        }
    }
}

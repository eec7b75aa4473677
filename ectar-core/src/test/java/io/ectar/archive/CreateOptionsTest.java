package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.format.ArchiveParameters;
import io.ectar.format.ChunkHeader;
import io.ectar.format.IndexEntry;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What create's options do: no compression, no index, excludes, special files, limits. */
class CreateOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void withoutCompressionPayloadsAreRawZstdFramesOfTheTarAndStillRecoverWithoutIndex() throws Exception {
        Path source = TrickyTree.create(tmp.resolve("src/data"), 100_000, 21);
        Path archive = tmp.resolve("archive");
        Archives.create(archive, CreateOptions.defaults().withShards(2, 2).withChunkSize(64 << 10)
                .withCompressionLevel(0), source);
        try (Archive a = Archive.open(archive.resolve(Archives.BASE).toString())) {
            assertThat(a.index().orElseThrow().parameters().compression()).isEqualTo(ArchiveParameters.Compression.NONE);
        }
        byte[] shard0 = Files.readAllBytes(Archives.shard(archive, 1, 0));
        // zfec header 2, chunk header 56, zstd frame header 14, raw block header 3: then the tar stream, as is.
        int tar = 2 + ChunkHeader.SIZE + 14 + 3;
        assertThat(new String(shard0, tar + 257, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .as("chunk 1 shard 0 holds the start of the tar stream in a raw zstd block").isEqualTo("ustar");
        Archives.extract(archive, tmp.resolve("out"), ExtractOptions.defaults());
        TrickyTree.assertSame(source, tmp.resolve("out/data"));

        Archives.deleteIndex(archive, true);
        Files.delete(Archives.shard(archive, 2, 1));
        Archives.extract(archive, tmp.resolve("out2"), ExtractOptions.defaults());
        TrickyTree.assertSame(source, tmp.resolve("out2/data"));
    }

    @Test
    void noIndexWritesNoIndexFilesButARecoveryText() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("x"), "x");
        Path archive = tmp.resolve("archive");
        CreateResult r = Archives.create(archive, CreateOptions.defaults().withShards(2, 1).withIndex(false), data);
        assertThat(r.indexWritten()).isFalse();
        assertThat(archive.toFile().list()).containsExactlyInAnyOrder(Archives.BASE + ".c001.s00",
                Archives.BASE + ".c001.s01", Archives.BASE + ".c001.s02", Archives.BASE + ".RECOVERY.txt");
        VerifyReport v = Archives.verify(archive, Verifier.Mode.FULL);
        assertThat(v.status()).as("an archive written without an index is not damaged").isEqualTo(VerifyReport.Status.OK);
        assertThat(v.filesChecked()).isEqualTo(1);
    }

    @Test
    void excludesAndSpecialFilesAreLeftOut() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data/keep"));
        Files.writeString(data.resolve("a.txt"), "a");
        Files.writeString(data.resolve("b.tmp"), "b");
        Files.createDirectories(tmp.resolve("data/cache/deep"));
        Files.writeString(tmp.resolve("data/cache/deep/c"), "c");
        Process fifo = new ProcessBuilder("mkfifo", tmp.resolve("data/keep/fifo").toString()).start();
        assertThat(fifo.waitFor()).isZero();
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(tmp.resolve("data/keep/sock")));
            CreateResult r = Archives.create(tmp.resolve("archive"),
                    CreateOptions.defaults().withShards(2, 1).withExcludes(List.of("*.tmp", "data/cache")),
                    tmp.resolve("data"));
            assertThat(r.warnings()).hasSize(2).allMatch(w -> w.contains("socket, FIFO or device"))
                    .anyMatch(w -> w.startsWith("data/keep/fifo")).anyMatch(w -> w.startsWith("data/keep/sock"));
            assertThat(r.unreadable()).isEmpty();
        }
        try (Archive a = Archive.open(tmp.resolve("archive").resolve(Archives.BASE).toString())) {
            assertThat(a.list(PathFilter.all()).entries()).extracting(IndexEntry::path)
                    .containsExactly("data", "data/keep", "data/keep/a.txt");
        }
    }

    @Test
    void severalInputsKeepTheirOwnTopNames() throws Exception {
        Files.createDirectories(tmp.resolve("one/x"));
        Files.writeString(tmp.resolve("one/x/f"), "1");
        Files.createDirectories(tmp.resolve("two"));
        Files.writeString(tmp.resolve("two/g"), "2");
        Archives.create(tmp.resolve("archive"), CreateOptions.defaults().withShards(1, 1), tmp.resolve("one/x"),
                tmp.resolve("two/g"));
        try (Archive a = Archive.open(tmp.resolve("archive").resolve(Archives.BASE).toString())) {
            assertThat(a.list(PathFilter.all()).entries()).extracting(IndexEntry::path).containsExactly("x", "x/f", "g");
        }
    }

    @Test
    void theSameTreeWithTheSameArchiveIdGivesTheSameShards() throws Exception {
        Path source = TrickyTree.create(tmp.resolve("src/data"), 80_000, 9);
        CreateOptions options = CreateOptions.defaults().withShards(2, 1).withChunkSize(64 << 10)
                .withArchiveId("00112233445566778899aabbccddeeff");
        Archives.create(tmp.resolve("a"), options, source);
        Archives.create(tmp.resolve("b"), options, source);
        Archives.create(tmp.resolve("c"), options.withArchiveId(null), source);
        assertThat(Files.mismatch(Archives.shard(tmp.resolve("a"), 1, 0), Archives.shard(tmp.resolve("c"), 1, 0)))
                .as("another archive id").isNotEqualTo(-1L);
        int chunks = Archives.chunkCount(tmp.resolve("a"));
        assertThat(chunks).isGreaterThan(2).isEqualTo(Archives.chunkCount(tmp.resolve("b")));
        for (int c = 1; c <= chunks; c++) {
            for (int s = 0; s < 3; s++) {
                assertThat(Files.mismatch(Archives.shard(tmp.resolve("a"), c, s), Archives.shard(tmp.resolve("b"), c, s)))
                        .as("chunk %d shard %d", c, s).isEqualTo(-1L);
            }
        }
    }

    @Test
    void limitsAreCheckedUpFront() {
        CreateOptions d = CreateOptions.defaults();
        assertThatThrownBy(() -> d.withShards(0, 1)).hasMessageContaining("--data-shards");
        assertThatThrownBy(() -> d.withShards(200, 57)).hasMessageContaining("at most 256");
        assertThatThrownBy(() -> d.withShards(10, 5).withChunkSize(10 * 4096 - 1)).hasMessageContaining("below 10 data shards x 4096");
        assertThatThrownBy(() -> d.withChunkSize(2L << 30)).hasMessageContaining("1 GiB");
        assertThatThrownBy(() -> d.withCompressionLevel(23)).hasMessageContaining("1..22");
        assertThat(d.withShards(256, 0).withChunkSize(256 * 4096).totalShards()).isEqualTo(256);
    }

    @Test
    void anExistingArchiveIsNotReplacedWithoutBeingAsked() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Archives.create(tmp.resolve("archive"), CreateOptions.defaults().withShards(2, 1), data);
        assertThatThrownBy(() -> Archives.create(tmp.resolve("archive"), CreateOptions.defaults(), data))
                .isInstanceOf(ArchiveExistsException.class).hasMessageContaining("--force");
    }
}

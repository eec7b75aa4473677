package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives of format version 1 (payloads without chunk header; plain tar slices with
 * {@code --no-compression}), as the previous ectar wrote them (test resources {@code v1/zstd} and
 * {@code v1/plain}: 3+2 shards, 24 KiB chunks, 4 chunks), are still read, with and without their index.
 */
class Version1ArchiveTest {

    private static final int[] SIZES = {30000, 5000, 17, 0, 40000};

    @TempDir
    Path tmp;

    /** The fixture in a directory of its own. */
    private Path fixture(String kind) throws Exception {
        Path from;
        try {
            from = Path.of(getClass().getResource("v1/" + kind).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return Archives.copy(from, tmp.resolve(kind));
    }

    /** The bytes of data/fI.bin: SHA-256 of "I:0", "I:1", ... concatenated, cut at its size. */
    private static byte[] expected(int i) throws Exception {
        byte[] out = new byte[SIZES[i]];
        for (int n = 0, at = 0; at < out.length; n++, at += 32) {
            byte[] block = MessageDigest.getInstance("SHA-256").digest((i + ":" + n).getBytes(StandardCharsets.UTF_8));
            System.arraycopy(block, 0, out, at, Math.min(32, out.length - at));
        }
        return out;
    }

    private static void assertTree(Path out) throws Exception {
        for (int i = 0; i < SIZES.length; i++) {
            assertThat(Files.readAllBytes(out.resolve("data/f" + i + ".bin"))).as("f%d", i).isEqualTo(expected(i));
        }
        assertThat(out.resolve("data/hello.txt")).hasContent("hello, version 1\n".repeat(200));
        try (Stream<Path> files = Files.list(out.resolve("data"))) {
            assertThat(files.count()).isEqualTo(6);
        }
    }

    private static ExtractResult extract(Path dir, Path out) throws Exception {
        try (Archive a = Archive.open(dir.resolve("v1").toString())) {
            return new Extractor(a, ExtractOptions.defaults(), Progress.NONE).extract(out);
        }
    }

    private static VerifyReport verify(Path dir) throws Exception {
        try (Archive a = Archive.open(dir.resolve("v1").toString())) {
            return new Verifier(a, Progress.NONE).verify(Verifier.Mode.FULL);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "plain"})
    void readsAVersion1ArchiveWithItsIndex(String kind) throws Exception {
        Path dir = fixture(kind);
        try (Archive a = Archive.open(dir.resolve("v1").toString())) {
            assertThat(a.info().parameters().archiveId()).isNull();
            assertThat(a.info().shards().chunks()).isEqualTo(4);
        }
        assertThat(verify(dir).status()).isEqualTo(VerifyReport.Status.OK);
        assertThat(extract(dir, tmp.resolve("out")).lostSomething()).isFalse();
        assertTree(tmp.resolve("out"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "plain"})
    void readsAVersion1ArchiveWithoutIndexAndFindsAFlippedByte(String kind) throws Exception {
        Path dir = fixture(kind);
        Files.delete(dir.resolve("v1.index.zst"));
        for (int s = 0; s < 5; s++) {
            Files.delete(dir.resolve("v1.index.s0" + s));
        }
        Path s00 = dir.resolve("v1.c002.s00");
        try (RandomAccessFile f = new RandomAccessFile(s00.toFile(), "rw")) {
            f.seek(Files.size(s00) / 2);
            int b = f.read();
            f.seek(Files.size(s00) / 2);
            f.write(b ^ 0x04);
        }
        VerifyReport v = verify(dir);
        assertThat(v.indexOrigin()).isEqualTo(IndexOrigin.NONE);
        assertThat(v.chunks()).hasSize(4).allSatisfy(h -> assertThat(h.recovered()).isTrue());
        assertThat(v.chunks().get(1).bad().keySet()).as(v.chunks().get(1).describe()).containsExactly(0);
        assertThat(extract(dir, tmp.resolve("out")).lostSomething()).isFalse();
        assertTree(tmp.resolve("out"));
    }
}

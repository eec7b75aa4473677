package io.ectar.archive;

import io.ectar.internal.io.Sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ectar.format.ArchiveNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files around and above the extractor's 1 MiB buffer, whose hash is computed beside the writing: their
 * bytes, a hash mismatch and a loss in their middle must come out exactly as for small files.
 */
class LargeFileExtractionTest {

    private static final int MIB = 1 << 20;
    private static final int[] SIZES = {0, 1, MIB - 1, MIB, MIB + 1, 2 * MIB, 3 * MIB + 12_345};

    @TempDir
    Path tmp;

    private Path source(long seed) throws IOException {
        Random random = new Random(seed);
        Path src = tmp.resolve("src/data");
        Files.createDirectories(src);
        for (int size : SIZES) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            for (int i = 0; i < size; i += 2) {
                bytes[i] = (byte) (i >> 12); // half compressible
            }
            Files.write(src.resolve("f" + size), bytes);
        }
        Files.writeString(src.resolve("zz-last.txt"), "after the large files");
        return src;
    }

    private Path archive(Path src, long chunkSize) throws IOException {
        Path dir = tmp.resolve("archive");
        Archives.create(dir, CreateOptions.defaults().withShards(2, 1).withChunkSize(chunkSize), src);
        return dir;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void filesAroundTheBufferSizeComeOutExactly(long seed) throws Exception {
        Path src = source(seed);
        Path out = tmp.resolve("out");
        ExtractResult r = Archives.extract(archive(src, 2 * 4096 * 64), out, ExtractOptions.defaults());
        assertThat(r.refused()).isEmpty();
        assertThat(r.lostSomething()).isFalse();
        for (int size : SIZES) {
            assertThat(Files.readAllBytes(out.resolve("data/f" + size))).as("f%d", size)
                    .isEqualTo(Files.readAllBytes(src.resolve("f" + size)));
        }
        assertThat(temporaries(out)).isEmpty();
    }

    @Test
    void aLargeFileWhoseHashDiffersFromTheIndexIsRefusedAndLeavesNothing() throws Exception {
        Path src = source(3);
        Path dir = archive(src, 4L << 20);
        String real = Sha256.of(Files.readAllBytes(src.resolve("f" + (2 * MIB))));
        rewriteIndex(dir, real, "0".repeat(64));
        Path out = tmp.resolve("out");
        ExtractResult r = Archives.extract(dir, out, ExtractOptions.defaults());
        assertThat(r.refused()).extracting(ExtractResult.Refusal::path).containsExactly("data/f" + (2 * MIB));
        assertThat(r.refused().get(0).reason()).contains("does not match the SHA-256");
        assertThat(out.resolve("data/f" + (2 * MIB))).doesNotExist();
        assertThat(Files.readAllBytes(out.resolve("data/f" + (3 * MIB + 12_345))))
                .isEqualTo(Files.readAllBytes(src.resolve("f" + (3 * MIB + 12_345))));
        assertThat(out.resolve("data/zz-last.txt")).hasContent("after the large files");
        assertThat(temporaries(out)).isEmpty();
    }

    @Test
    void aChunkLostInTheMiddleOfALargeFileLosesThatFileOnly() throws Exception {
        Path src = source(4);
        long chunkSize = 2 * 4096 * 32;
        Path dir = archive(src, chunkSize);
        // The last large file is written last but one: a chunk a little before the end lies inside it.
        int chunks = Archives.chunkCount(dir);
        int lost = chunks - 3;
        for (int s = 0; s < 2; s++) {
            Files.delete(Archives.shard(dir, lost, s));
        }
        Path out = tmp.resolve("out");
        ExtractResult r = Archives.extract(dir, out, ExtractOptions.defaults().withPartial(true));
        assertThat(r.lostChunks()).extracting(ChunkHealth::chunk).containsExactly(lost);
        assertThat(r.lost()).containsExactly("data/f" + (3 * MIB + 12_345));
        assertThat(out.resolve("data/f" + (3 * MIB + 12_345))).doesNotExist();
        assertThat(Files.readAllBytes(out.resolve("data/f" + (2 * MIB))))
                .isEqualTo(Files.readAllBytes(src.resolve("f" + (2 * MIB))));
        assertThat(out.resolve("data/zz-last.txt")).hasContent("after the large files");
        assertThat(temporaries(out)).isEmpty();
    }

    /** Replaces {@code from} by {@code to} in the index file (a hex digest: the JSON stays valid). */
    private static void rewriteIndex(Path dir, String from, String to) throws IOException {
        Path index = dir.resolve(new ArchiveNames(Archives.BASE).indexFile());
        byte[] compressed = Files.readAllBytes(index);
        String json;
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(compressed))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(json).contains(from);
        Files.write(index, Zstd.compress(json.replace(from, to).getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Path> temporaries(Path out) throws IOException {
        try (Stream<Path> all = Files.walk(out)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".ectar-tmp-")).toList();
        }
    }
}

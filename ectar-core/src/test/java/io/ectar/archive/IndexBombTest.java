package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.ectar.format.ArchiveNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile index files that decompress to far more than the heap: opening the archive must neither hold the
 * decompressed index whole nor let one value grow without bound. Each case runs in a child JVM with a 64 MiB
 * heap, where holding the decompressed index (192 MiB) cannot work.
 */
class IndexBombTest {

    private static final int BOMB_MIB = 192;

    @TempDir
    Path tmp;
    private Path dir;
    private Path indexFile;
    private String base;

    @BeforeEach
    void smallArchive() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "hello");
        dir = tmp.resolve("archive");
        Archives.create(dir, CreateOptions.defaults().withShards(2, 1), data);
        indexFile = dir.resolve(new ArchiveNames(Archives.BASE).indexFile());
        base = dir.resolve(Archives.BASE).toString();
    }

    @Test
    void aTextValueOfHundredsOfMegabytesIsRefusedAndTheIndexShardsAreUsed() throws Exception {
        writeIndex("{\"format\":\"ectar-index\",\"format_version\":1,\"tool\":\"", (byte) 'a', "\"}");

        ChildJvm.Result r = ChildJvm.run("64m", OpenArchiveMain.class, base);

        assertThat(r.output()).doesNotContain("OutOfMemoryError");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("origin: SHARDS", "entries: 2")
                .contains("problem: bk.v1.index.zst is damaged (the index holds a text value longer than 1048576"
                        + " characters, the most an index may hold");
    }

    @Test
    void hundredsOfMegabytesOfWhitespaceInAValidIndexAreReadInBoundedMemory() throws Exception {
        String json;
        try (InputStream in = new ZstdInputStreamNoFinalizer(Files.newInputStream(indexFile))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int cut = json.indexOf("\"chunks\"");
        Archives.deleteIndex(dir, true); // no index shards to fall back on: the file itself must be read
        writeIndex(json.substring(0, cut), (byte) ' ', json.substring(cut));

        ChildJvm.Result r = ChildJvm.run("64m", OpenArchiveMain.class, base);

        assertThat(r.output()).doesNotContain("OutOfMemoryError");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("origin: FILE", "entries: 2").doesNotContain("problem:");
    }

    /** Writes {@code head}, {@value #BOMB_MIB} MiB of {@code filler}, then {@code tail} as the index file. */
    private void writeIndex(String head, byte filler, String tail) throws IOException {
        byte[] mib = new byte[1 << 20];
        Arrays.fill(mib, filler);
        try (OutputStream out = new ZstdOutputStreamNoFinalizer(Files.newOutputStream(indexFile), 3)) {
            out.write(head.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < BOMB_MIB; i++) {
                out.write(mib);
            }
            out.write(tail.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(indexFile)).isLessThan(1 << 20);
    }
}

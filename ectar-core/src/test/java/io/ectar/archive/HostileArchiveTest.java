package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.ectar.archive.internal.create.ChunkEncoder;
import io.ectar.archive.internal.create.ChunkStream;
import io.ectar.archive.internal.create.ChunkStreamTest;
import io.ectar.codec.ZfecCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives built to attack the extractor: it must refuse, say what it refused, and write nothing outside. */
class HostileArchiveTest {

    @TempDir
    Path tmp;
    private Path outside;
    private Path out;
    private Path archive;

    @BeforeEach
    void buildHostileArchive() throws Exception {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not touch");
        out = tmp.resolve("a/b/out");
        archive = tmp.resolve("archive");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar, 512, "UTF-8")) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(t, "ok.txt", "fine");
            file(t, "../evil.txt", "escape with ..");
            file(t, tmp.resolve("abs-evil.txt").toString(), "absolute");
            file(t, "sub/../../../evil2.txt", "nested ..");
            link(t, "link", outside.toString(), TarConstants.LF_SYMLINK);
            file(t, "link/pwned.txt", "through an archived symlink");
            link(t, "up", "..", TarConstants.LF_SYMLINK);
            file(t, "up/escaped.txt", "through a relative symlink");
            link(t, "hard", "../outside/secret", TarConstants.LF_LINK);
            link(t, "hard2", "link/secret", TarConstants.LF_LINK);
            file(t, "good/after.txt", "still extracted");
        }
        Files.createDirectories(archive);
        ZfecCodec codec = ZfecCodec.create(2, 3);
        try (DirectoryShardSink sink = DirectoryShardSink.open(archive, Archives.BASE, false)) {
            ChunkEncoder encoder = new ChunkEncoder(codec, sink, 1);
            try (ChunkStream chunks = new ChunkStream(8192, 3, 1, ChunkStreamTest.ID, encoder::submit)) {
                chunks.write(tar.toByteArray());
                chunks.finish();
            }
            encoder.finish();
            sink.finish();
        }
    }

    private static void file(TarArchiveOutputStream t, String name, String content) throws Exception {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream t, String name, String target, byte type) throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    @Test
    void refusesEverythingThatWouldEscapeAndSaysWhich() throws Exception {
        ExtractResult r = Archives.extract(archive, out, ExtractOptions.defaults());

        assertThat(r.refused()).extracting(ExtractResult.Refusal::path).containsExactly(
                "../evil.txt", tmp.resolve("abs-evil.txt").toString(), "sub/../../../evil2.txt", "link/pwned.txt",
                "up/escaped.txt", "hard", "hard2");
        assertThat(r.refused().get(0).reason()).contains("'..'");
        assertThat(r.refused().get(1).reason()).contains("absolute");
        assertThat(r.refused().get(3).reason()).contains("symbolic link");
        assertThat(r.refused().get(4).reason()).contains("symbolic link");
        assertThat(r.refused().get(5).reason()).contains("unsafe");
        assertThat(r.refused().get(6).reason()).contains("symbolic link");

        assertThat(out.resolve("ok.txt")).hasContent("fine");
        assertThat(out.resolve("good/after.txt")).hasContent("still extracted");
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(outside);
        assertThat(Files.readSymbolicLink(out.resolve("up"))).isEqualTo(Path.of(".."));
        // Nothing landed outside the output directory.
        assertThat(outside).isDirectoryContaining(p -> true);
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret");
        }
        assertThat(outside.resolve("secret")).hasContent("do not touch");
        assertThat(tmp.resolve("abs-evil.txt")).doesNotExist();
        assertThat(tmp.resolve("a/b/evil.txt")).doesNotExist();
        assertThat(tmp.resolve("a/evil2.txt")).doesNotExist();
        assertThat(tmp.resolve("a/b/escaped.txt")).doesNotExist();
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".ectar-tmp"));
        }
    }

    @Test
    void neverReplacesExistingFilesWithoutForce() throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve("ok.txt"), "mine");
        ExtractResult r = Archives.extract(archive, out, ExtractOptions.defaults());
        assertThat(r.refused()).anySatisfy(f -> {
            assertThat(f.path()).isEqualTo("ok.txt");
            assertThat(f.reason()).contains("--force");
        });
        assertThat(out.resolve("ok.txt")).hasContent("mine");

        Archives.extract(archive, out, ExtractOptions.defaults().withForce(true));
        assertThat(out.resolve("ok.txt")).hasContent("fine");
        assertThat(Files.isSymbolicLink(out.resolve("link"))).isTrue();
        assertThat(Files.exists(out.resolve("link/pwned.txt"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void filtersAndStripComponentsApplyBeforeWriting() throws Exception {
        ExtractResult r = Archives.extract(archive, out,
                ExtractOptions.defaults().withFiles(List.of("good")).withStripComponents(1));
        assertThat(out.resolve("after.txt")).hasContent("still extracted");
        assertThat(out.resolve("ok.txt")).doesNotExist();
        assertThat(r.extracted()).isEqualTo(1);
    }
}

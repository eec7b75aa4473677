package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void trickyTreeSurvivesCreateAndExtract() throws Exception {
        Path src = TrickyTree.create(tmp.resolve("src/data"), 300_000, 1);
        Path out = Files.createDirectories(tmp.resolve("archive"));
        CreateOptions options = CreateOptions.defaults().withShards(3, 2).withChunkSize(64 << 10);
        CreateResult created;
        try (ShardSink sink = DirectoryShardSink.open(out, "backup.2026.01", false)) {
            created = new ArchiveCreator(options, Progress.NONE).create(List.of(src), "backup.2026.01", sink);
        }
        assertThat(created.chunks()).isGreaterThan(4);
        assertThat(created.warnings()).isEmpty();
        assertThat(out.resolve("backup.2026.01.index.zst")).exists();
        assertThat(out.resolve("backup.2026.01.RECOVERY.txt")).exists();
        assertThat(out.resolve("backup.2026.01.index.s04")).exists();

        Path restored = tmp.resolve("restored");
        ExtractResult result;
        try (Archive archive = Archive.open(out.resolve("backup.2026.01").toString())) {
            assertThat(archive.indexOrigin()).isEqualTo(IndexOrigin.FILE);
            result = new Extractor(archive, ExtractOptions.defaults(), Progress.NONE).extract(restored);
        }
        assertThat(result.refused()).isEmpty();
        assertThat(result.lostSomething()).isFalse();
        TrickyTree.assertSame(src, restored.resolve("data"));
        assertThat(Files.getAttribute(restored.resolve("data/hard-a"), "unix:ino"))
                .isEqualTo(Files.getAttribute(restored.resolve("data/hard-b"), "unix:ino"));
        assertThat(Files.isSymbolicLink(restored.resolve("data/link-absolute"))).isTrue();
        assertThat(Files.exists(restored.resolve("data/link-dangling"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}

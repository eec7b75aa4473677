package io.ectar.archive.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.archive.ArchiveBusyException;
import io.ectar.archive.ArchiveCreator;
import io.ectar.archive.ArchiveException;
import io.ectar.archive.Archives;
import io.ectar.archive.CreateOptions;
import io.ectar.archive.DirectoryShardSink;
import io.ectar.archive.Progress;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One create per archive base name at a time: a second one, even with {@code --force}, is refused before it
 * touches anything, and a failed run removes only what it created. (Across processes: the CLI's
 * ConcurrentCreateTest.)
 */
class ArchiveLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondSinkOnTheSameBaseIsRefusedAndLeavesTheFirstOnesFilesAlone() throws Exception {
        Path shard = Archives.shard(tmp, 1, 0);
        try (DirectoryShardSink first = DirectoryShardSink.open(tmp, Archives.BASE, false)) {
            try (OutputStream out = first.openShard(1, 0)) {
                out.write(new byte[] {1, 2, 3});
            }
            first.finish();
            assertThatThrownBy(() -> DirectoryShardSink.open(tmp, Archives.BASE, true))
                    .isInstanceOf(ArchiveBusyException.class)
                    .hasMessageContaining("archive '" + Archives.BASE + "' in " + tmp)
                    .hasMessageContaining("being written by another ectar create");
            assertThat(shard).hasBinaryContent(new byte[] {1, 2, 3});
            // another base name in the same directory is not held up
            DirectoryShardSink.open(tmp, "other", false).close();
        }
        assertThat(ArchiveLock.file(tmp, Archives.BASE)).doesNotExist();
        DirectoryShardSink.open(tmp, Archives.BASE, true).close();
        assertThat(shard).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aLockFileLeftByAKilledProcessIsTakenOver() throws Exception {
        Path stale = ArchiveLock.file(tmp, Archives.BASE);
        Files.writeString(stale, "pid 2147483647\n");
        DirectoryShardSink.open(tmp, Archives.BASE, false).close();
        assertThat(stale).doesNotExist();
    }

    @Test
    void aShardNameTakenBySomethingElseIsNamedWithAReasonAndKept() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("in/data"));
        Files.write(input.resolve("f.bin"), new byte[100_000]);
        Path out = Files.createDirectories(tmp.resolve("out"));
        try (DirectoryShardSink sink = DirectoryShardSink.open(out, Archives.BASE, false)) {
            // appears after the sink checked the directory: not ours, so never removed
            Path foreign = Files.writeString(Archives.shard(out, 1, 1), "someone else's");
            assertThatThrownBy(() -> new ArchiveCreator(CreateOptions.defaults().withShards(2, 1), Progress.NONE)
                    .create(List.of(input), Archives.BASE, sink))
                    .isInstanceOf(ArchiveException.class)
                    .hasMessageContaining("cannot create " + foreign)
                    .hasMessageContaining("already exists");
            assertThat(foreign).hasContent("someone else's");
        }
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(Archives.BASE + ".c001.s01");
        }
    }
}

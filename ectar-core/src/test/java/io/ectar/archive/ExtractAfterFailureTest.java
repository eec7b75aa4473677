package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an extract that stopped leaves, and what the next one does about it: directory modes and times are
 * applied to what was extracted even when the extraction fails; temporary files of an extract that was
 * killed are removed by the next extract into that directory, those of a live one are left alone.
 */
class ExtractAfterFailureTest {

    private static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    @TempDir
    Path tmp;

    @Test
    void directoryModesAndTimesAreAppliedWhenALaterChunkIsLost() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("in/data"));
        Path docs = Files.createDirectories(data.resolve("docs"));
        Files.writeString(docs.resolve("a.txt"), "alpha");
        byte[] big = new byte[60_000];
        new Random(9).nextBytes(big);
        Files.write(data.resolve("z.bin"), big);
        Files.setPosixFilePermissions(docs, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(docs, OLD);
        Path archive = tmp.resolve("archive");
        CreateResult created = Archives.create(archive, CreateOptions.defaults().withShards(2, 1).withChunkSize(8192)
                .withCompressionLevel(0), data);
        int last = created.chunks();
        Files.delete(Archives.shard(archive, last, 0));
        Files.delete(Archives.shard(archive, last, 1));

        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> Archives.extract(archive, out, ExtractOptions.defaults()))
                .isInstanceOf(UnrecoverableChunkException.class);
        Path restored = out.resolve("data/docs");
        assertThat(restored.resolve("a.txt")).hasContent("alpha");
        assertThat(Files.getLastModifiedTime(restored)).isEqualTo(OLD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored))).isEqualTo("rwxr-x---");
    }

    @Test
    void temporaryFilesOfAKilledExtractAreRemovedByTheNextOneAndOthersAreLeftAlone() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("in/data"));
        Files.writeString(data.resolve("a.txt"), "alpha");
        Path archive = tmp.resolve("archive");
        Archives.create(archive, CreateOptions.defaults().withShards(2, 1), data);

        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor()).isZero();
        Path dir = Files.createDirectories(tmp.resolve("out/data"));
        Path killed = Files.writeString(dir.resolve(".ectar-tmp-" + gone.pid() + "-5eed"), "half a file");
        Path live = Files.writeString(dir.resolve(".ectar-tmp-" + ProcessHandle.current().pid() + "-a11e"), "busy");
        Path unknown = Files.writeString(dir.resolve(".ectar-tmp-0123abcd"), "older ectar");

        Archives.extract(archive, tmp.resolve("out"), ExtractOptions.defaults());
        assertThat(dir.resolve("a.txt")).hasContent("alpha");
        assertThat(killed).doesNotExist();
        assertThat(live).exists();
        assertThat(unknown).exists();
    }
}

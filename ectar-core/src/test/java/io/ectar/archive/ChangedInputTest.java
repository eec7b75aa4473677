package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that shrinks while it is archived is stored padded with zeros (the tar header already promised its
 * size), and the result says so in {@link CreateResult#changed()}, which makes {@code ectar create} exit 1.
 */
class ChangedInputTest {

    @TempDir
    Path tmp;

    @Test
    void aFileThatShrankWhileReadIsReportedAsChanged() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("in/data"));
        Path big = data.resolve("big.bin");
        Files.write(big, new byte[3 << 20]);
        Files.writeString(data.resolve("small.txt"), "unchanged");
        // Progress is told after each 1 MiB read: the file is cut to 1.5 MiB after the first one.
        Progress shrinking = new Progress() {
            boolean cut;

            @Override
            public void start(String what, long totalBytes) {
            }

            @Override
            public void advance(long bytes) {
                if (!cut) {
                    cut = true;
                    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                        f.setLength(3 << 19);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void finish() {
            }
        };
        Path out = Files.createDirectories(tmp.resolve("out"));
        CreateResult r;
        try (ShardSink sink = DirectoryShardSink.open(out, Archives.BASE, false)) {
            r = new ArchiveCreator(CreateOptions.defaults().withShards(2, 1), shrinking)
                    .create(List.of(data), Archives.BASE, sink);
        }
        assertThat(r.changed()).containsExactly("data/big.bin: shrank while being archived; the missing "
                + ((3 << 20) - (3 << 19)) + " bytes are stored as zeros");
        assertThat(r.unreadable()).isEmpty();
        assertThat(r.entries()).isEqualTo(3);
    }
}

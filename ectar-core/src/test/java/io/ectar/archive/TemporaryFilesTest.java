package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An extract that dies of an Error while writing a file (an OutOfMemoryError, a StackOverflowError) removes
 * that file's {@code .ectar-tmp-*}: it was only removed after an IOException or a RuntimeException.
 */
class TemporaryFilesTest {

    @TempDir
    Path tmp;

    @Test
    void anErrorWhileAFileIsWrittenLeavesNoTemporaryFile() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (OutputStream out = Files.newOutputStream(data.resolve("big.bin"))) {
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < 5; i++) {
                java.util.Arrays.fill(mib, (byte) i);
                out.write(mib);
            }
        }
        Path dir = tmp.resolve("archive");
        Archives.create(dir, CreateOptions.defaults().withShards(2, 1).withIndex(false), data);
        Path out = tmp.resolve("out");
        Progress dies = new Progress() {
            private long seen;

            @Override
            public void start(String what, long totalBytes) {
            }

            @Override
            public void advance(long bytes) {
                seen += bytes;
                if (seen > (2 << 20)) {
                    throw new OutOfMemoryError("simulated: the heap is exhausted");
                }
            }

            @Override
            public void finish() {
            }
        };

        try (Archive a = Archive.open(dir.resolve(Archives.BASE).toString())) {
            assertThatThrownBy(() -> new Extractor(a, ExtractOptions.defaults(), dies).extract(out))
                    .isInstanceOf(OutOfMemoryError.class);
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> out.relativize(p).toString())).containsExactlyInAnyOrder("", "data");
        }
    }
}

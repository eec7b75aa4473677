package io.ectar.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.format.ArchiveParameters;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create that fails part-way (a shard write hits a full disk): the error reaches the caller as it was,
 * nothing of the archive is left behind, no index above all, and the pipeline's threads are gone.
 */
class CreateFailureTest {

    @TempDir
    Path tmp;

    @Test
    void aShardWriteFailingMidArchiveLeavesNoArchiveAndNoThreads() throws Exception {
        Path input = randomFiles(6, 700_000, 11);
        Path out = Files.createDirectories(tmp.resolve("out"));
        CreateOptions options = CreateOptions.defaults().withShards(4, 2).withChunkSize(1 << 20);
        IOException full = new IOException("No space left on device");
        try (ShardSink sink = new FailingSink(DirectoryShardSink.open(out, Archives.BASE, false), 3, 5, full)) {
            assertThatThrownBy(() -> new ArchiveCreator(options, Progress.NONE).create(List.of(input), Archives.BASE,
                    sink)).isSameAs(full);
        }
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
                && (t.getName().equals("ectar-compressor") || t.getName().equals("ectar-encoder")));
    }

    @Test
    void aFailureWhileAChunkIsBeingCodedWaitsForTheEncoderBeforeCleaningUp() throws Exception {
        Path input = randomFiles(8, 600_000, 12);
        Path out = Files.createDirectories(tmp.resolve("out"));
        CreateOptions options = CreateOptions.defaults().withShards(4, 2).withChunkSize(1 << 20);
        CountDownLatch coding = new CountDownLatch(1);
        RuntimeException cancelled = new IllegalStateException("cancelled by the user");
        // The walk fails (here: from progress reporting) while the encoder is still writing a chunk slowly.
        Progress failing = new Progress() {
            long done;

            @Override
            public void start(String what, long totalBytes) {
            }

            @Override
            public void advance(long bytes) {
                done += bytes;
                if (done > 3_000_000) {
                    try {
                        coding.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw cancelled;
                }
            }

            @Override
            public void finish() {
            }
        };
        try (ShardSink sink = new SlowSink(DirectoryShardSink.open(out, Archives.BASE, false), coding)) {
            assertThatThrownBy(() -> new ArchiveCreator(options, failing)
                    .create(List.of(input), Archives.BASE, sink)).isSameAs(cancelled);
        }
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).isEmpty();
        }
    }

    /** {@code count} incompressible files of {@code size} bytes in a new input directory. */
    private Path randomFiles(int count, int size, long seed) throws IOException {
        Path input = Files.createDirectories(tmp.resolve("in/data"));
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            Files.write(input.resolve("f" + i + ".bin"), b);
        }
        return input;
    }

    /** A real sink whose shard writes are slow, so that a chunk is still being coded when the walk fails. */
    private static final class SlowSink extends Delegating {
        private final CountDownLatch coding;

        SlowSink(ShardSink sink, CountDownLatch coding) {
            super(sink);
            this.coding = coding;
        }

        @Override
        public OutputStream openShard(int c, int s) throws IOException {
            coding.countDown();
            return new FilterOutputStream(super.openShard(c, s)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // an abort: go on writing, as a real disk would
                    }
                    out.write(b, off, len);
                }
            };
        }
    }

    /** Delegates to a real sink, but writes to one shard of one chunk fail after the first bytes. */
    private static final class FailingSink extends Delegating {
        private final int chunk;
        private final int shard;
        private final IOException failure;

        FailingSink(ShardSink sink, int chunk, int shard, IOException failure) {
            super(sink);
            this.chunk = chunk;
            this.shard = shard;
            this.failure = failure;
        }

        @Override
        public OutputStream openShard(int c, int s) throws IOException {
            OutputStream out = super.openShard(c, s);
            if (c != chunk || s != shard) {
                return out;
            }
            return new FilterOutputStream(out) {
                private long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 10_000) {
                        throw failure;
                    }
                    out.write(b, off, len);
                }
            };
        }
    }

    /** A sink that does what another one does. */
    private abstract static class Delegating implements ShardSink {
        private final ShardSink sink;

        Delegating(ShardSink sink) {
            this.sink = sink;
        }

        @Override
        public OutputStream openShard(int c, int s) throws IOException {
            return sink.openShard(c, s);
        }

        @Override
        public ArchiveParameters.Layout layout() {
            return sink.layout();
        }

        @Override
        public String describe() {
            return sink.describe();
        }

        @Override
        public OutputStream openIndexShard(int s) throws IOException {
            return sink.openIndexShard(s);
        }

        @Override
        public void writeRecoveryText(String text) throws IOException {
            sink.writeRecoveryText(text);
        }

        @Override
        public void commitIndex(CompressedIndex compressedIndex) throws IOException {
            sink.commitIndex(compressedIndex);
        }

        @Override
        public Map<Integer, Set<Integer>> lostShards() throws IOException {
            return sink.lostShards();
        }

        @Override
        public void finish() throws IOException {
            sink.finish();
        }

        @Override
        public void abort() {
            sink.abort();
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }
}

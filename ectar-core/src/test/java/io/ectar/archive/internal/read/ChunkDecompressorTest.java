package io.ectar.archive.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.archive.Archive;
import io.ectar.archive.Archives;
import io.ectar.archive.CreateOptions;
import io.ectar.archive.DirectoryShardSource;
import io.ectar.archive.ShardSource;
import io.ectar.format.ArchiveIndex;
import io.ectar.internal.io.Handoff;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chunks decompressed ahead on a background thread, in a bounded pool of pieces. */
class ChunkDecompressorTest {

    private static final int K = 3;

    @TempDir
    Path tmp;

    /** An archive of a few compressible and incompressible files over several small chunks. */
    private Path archive(long seed, int compressionLevel) throws IOException {
        Random random = new Random(seed);
        Path src = tmp.resolve("src/data");
        Files.createDirectories(src);
        for (int f = 0; f < 6; f++) {
            byte[] bytes = new byte[20_000 + random.nextInt(60_000)];
            if (f % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ('a' + random.nextInt(4));
                }
            }
            Files.write(src.resolve("file" + f), bytes);
        }
        Path dir = tmp.resolve("archive");
        Archives.create(dir, CreateOptions.defaults().withShards(K, 2).withChunkSize(K * 4096 * 4)
                .withCompressionLevel(compressionLevel), src);
        assertThat(Archives.chunkCount(dir)).isGreaterThanOrEqualTo(5);
        return dir;
    }

    private static Archive open(Path dir) throws IOException {
        return Archive.open(dir.resolve(Archives.BASE).toString());
    }

    /** What {@code Archive} reads its chunks with (its own reader is not API). */
    private static ChunkReader chunkReader(Archive a) throws IOException {
        return new ChunkReader(a.source(), a.index().orElseThrow());
    }

    /** Each chunk's slice, decompressed the plain way: the reference. */
    private static List<byte[]> referenceSlices(Archive a) throws IOException {
        ChunkReader reader = chunkReader(a);
        List<byte[]> slices = new ArrayList<>();
        for (int n = 1; n <= reader.chunkCount(); n++) {
            RecoveredChunk c = reader.read(n, false);
            slices.add(c.lost() ? null : reader.open(c).readAllBytes());
            c.release(); // the reader holds one chunk's shard buffers at most: the next read waits for them
        }
        return slices;
    }

    private static ChunkDecompressor decompressor(ChunkReader reader, int pieces, int pieceSize) {
        return new ChunkDecompressor(new ChunkPrefetcher(reader, reader.chunkCount(), false, 1), reader,
                reader.chunkCount(), pieces, pieceSize);
    }

    @ParameterizedTest
    @CsvSource({"1, 3, 2, 1000", "2, 3, 3, 4096", "3, 0, 2, 777", "4, 0, 8, 1048576"})
    void slicesAreTheChunksTarBytesInOrderWhateverThePieceSize(long seed, int level, int pieces, int pieceSize)
            throws Exception {
        try (Archive a = open(archive(seed, level))) {
            List<byte[]> want = referenceSlices(a);
            ArchiveIndex index = a.index().orElseThrow();
            try (ChunkDecompressor d = decompressor(chunkReader(a), pieces, pieceSize)) {
                for (int n = 1; n <= want.size(); n++) {
                    ChunkDecompressor.Slice s = d.next();
                    assertThat(s.lost()).isFalse();
                    assertThat(s.health().chunk()).isEqualTo(n);
                    assertThat(s.uncompressedOffset()).isEqualTo(index.chunk(n).uncompressedOffset());
                    byte[] got = readInOddSteps(s.data(), seed);
                    assertThat(got).hasSize((int) index.chunk(n).uncompressedLength()).isEqualTo(want.get(n - 1));
                    assertThat(s.data().read()).isEqualTo(-1);
                }
                assertThat(d.next()).isNull();
            }
        }
    }

    @Test
    void aLostChunkIsReportedInItsPlaceAndTheOthersStayWhole() throws Exception {
        Path dir = archive(5, 3);
        for (int s = 0; s < K; s++) {
            Files.delete(Archives.shard(dir, 3, s));
        }
        try (Archive a = open(dir)) {
            List<byte[]> want = referenceSlices(a);
            assertThat(want.get(2)).isNull();
            try (ChunkDecompressor d = decompressor(chunkReader(a), 2, 1000)) {
                for (int n = 1; n <= want.size(); n++) {
                    ChunkDecompressor.Slice s = d.next();
                    assertThat(s.health().chunk()).isEqualTo(n);
                    assertThat(s.lost()).as("chunk %d lost", n).isEqualTo(n == 3);
                    if (n != 3) {
                        assertThat(s.data().readAllBytes()).isEqualTo(want.get(n - 1));
                    } else {
                        assertThat(s.health().describe()).contains("missing shards 0,1,2");
                    }
                }
                assertThat(d.next()).isNull();
            }
        }
    }

    @Test
    void whatASliceLeavesUnreadIsSkipped() throws Exception {
        try (Archive a = open(archive(6, 3))) {
            List<byte[]> want = referenceSlices(a);
            try (ChunkDecompressor d = decompressor(chunkReader(a), 2, 1000)) {
                for (int n = 1; n <= want.size(); n++) {
                    ChunkDecompressor.Slice s = d.next();
                    assertThat(s.health().chunk()).isEqualTo(n);
                    if (n % 2 == 1) {
                        // read only a little of the odd chunks (1500 bytes: into the second piece)
                        assertThat(s.data().readNBytes(1500)).isEqualTo(java.util.Arrays.copyOf(want.get(n - 1), 1500));
                        s.data().close();
                    } else {
                        assertThat(s.data().readAllBytes()).isEqualTo(want.get(n - 1));
                    }
                }
                assertThat(d.next()).isNull();
            }
        }
    }

    @Test
    void aFailureReachesTheConsumerAfterEverythingBeforeIt() throws Exception {
        Path dir = archive(7, 3);
        try (Archive a = open(dir)) {
            List<byte[]> want = referenceSlices(a);
            ShardSource failing = new CountingSource(new DirectoryShardSource(dir, Archives.BASE), 3);
            ChunkReader reader = new ChunkReader(failing, a.index().orElseThrow());
            try (ChunkDecompressor d = decompressor(reader, 2, 1000)) {
                for (int n = 1; n <= 2; n++) {
                    assertThat(d.next().data().readAllBytes()).isEqualTo(want.get(n - 1));
                }
                assertThatThrownBy(d::next).isInstanceOf(IOException.class).hasMessageContaining("chunk 3 unreadable");
                assertThat(d.next()).isNull();
            }
        }
    }

    @Test
    void aConsumerThatStopsReadingHoldsBackTheReadersToABoundedDistance() throws Exception {
        Path dir = archive(8, 0);
        try (Archive a = open(dir)) {
            CountingSource counting = new CountingSource(new DirectoryShardSource(dir, Archives.BASE), -1);
            ChunkReader reader = new ChunkReader(counting, a.index().orElseThrow());
            try (ChunkDecompressor d = decompressor(reader, 2, 1000)) {
                ChunkDecompressor.Slice first = d.next();
                assertThat(first.data().read()).isNotNegative();
                // Chunk 1 is being decompressed (its slice is far more than 2 pieces), and the reader waits for
                // chunk 1's shard buffers before it reads chunk 2: nothing further. Once parked there, it has
                // read chunk 1 and no more.
                awaitParkedIn("ectar-chunk-decompressor", "take");
                awaitParkedIn("ectar-chunk-reader", "take");
                assertThat(counting.highestChunk.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void closingMidStreamEndsTheDecompressorAndTheReaderWhereverTheyWait() throws Exception {
        Path dir = archive(9, 0);
        try (Archive a = open(dir)) {
            ChunkReader reader = chunkReader(a);
            ChunkDecompressor d = decompressor(reader, 2, 1000);
            assertThat(d.next().data().read()).isNotNegative();
            // Both threads wait now (the reader for shard buffers); closing must wake them, with no clock involved.
            awaitParkedIn("ectar-chunk-decompressor", "take");
            awaitParkedIn("ectar-chunk-reader", "take");
            d.close();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("ectar-chunk-decompressor") || t.getName().equals("ectar-chunk-reader")) {
                    t.join();
                }
            }
        }
    }

    /**
     * Waits, by the threads' state rather than a clock, until the live thread called {@code name} is parked in
     * {@code Handoff.method} or {@code ShardBuffers.method} (the decompressor and the prefetcher both hand over
     * on Handoffs, and the reader waits for shard buffers; {@code ArrayBlockingQueue} is still accepted).
     */
    private static void awaitParkedIn(String name, String method) {
        while (true) {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().equals(name) && e.getKey().getState() == Thread.State.WAITING
                        && Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals(method)
                                && (f.getClassName().equals(ArrayBlockingQueue.class.getName())
                                        || f.getClassName().equals(Handoff.class.getName())
                                        || f.getClassName().equals(ShardBuffers.class.getName())))) {
                    return;
                }
            }
            Thread.yield();
        }
    }

    private static byte[] readInOddSteps(InputStream in, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[5000];
        while (true) {
            if (random.nextInt(10) == 0) {
                int b = in.read();
                if (b < 0) {
                    return out.toByteArray();
                }
                out.write(b);
            } else {
                int n = in.read(buffer, 0, 1 + random.nextInt(buffer.length));
                if (n < 0) {
                    return out.toByteArray();
                }
                out.write(buffer, 0, n);
            }
        }
    }

    /** A source that records the highest chunk read, and fails reading chunk {@code failAt}. */
    private static final class CountingSource implements ShardSource {

        private final ShardSource inner;
        private final int failAt;
        final AtomicInteger highestChunk = new AtomicInteger();

        CountingSource(ShardSource inner, int failAt) {
            this.inner = inner;
            this.failAt = failAt;
        }

        @Override
        public byte[] readShard(int chunk, int shard, long maxBytes) throws IOException {
            highestChunk.accumulateAndGet(chunk, Math::max);
            if (chunk == failAt) {
                throw new IOException("chunk " + chunk + " unreadable: the disk is gone");
            }
            return inner.readShard(chunk, shard, maxBytes);
        }

        @Override
        public String base() {
            return inner.base();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public SortedMap<Integer, SortedMap<Integer, Long>> chunkShards() throws IOException {
            return inner.chunkShards();
        }

        @Override
        public SortedMap<Integer, Long> indexShards() throws IOException {
            return inner.indexShards();
        }

        @Override
        public Optional<byte[]> readIndexFile(long maxBytes) throws IOException {
            return inner.readIndexFile(maxBytes);
        }

        @Override
        public byte[] readIndexShard(int shard, long maxBytes) throws IOException {
            return inner.readIndexShard(shard, maxBytes);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}

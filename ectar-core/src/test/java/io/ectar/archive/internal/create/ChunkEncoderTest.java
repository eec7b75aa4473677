package io.ectar.archive.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ectar.archive.CompressedIndex;
import io.ectar.archive.ShardSink;
import io.ectar.codec.ZfecCodec;
import io.ectar.format.ArchiveParameters;
import io.ectar.format.ChunkRecord;
import io.ectar.internal.io.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The encoder's hand-off: records in order, every payload released, a coding failure reaching the submitter. */
class ChunkEncoderTest {

    /** Small segments, so that every payload spans several. */
    private final SegmentPool pool = new SegmentPool(1024, 1000);
    private final List<byte[]> contents = new java.util.ArrayList<>();

    private ChunkPayload payload(int number, Random random) throws InterruptedException {
        byte[] bytes = new byte[1000 + random.nextInt(5000)];
        random.nextBytes(bytes);
        SegmentedPayload p = new SegmentedPayload(pool);
        p.append(java.nio.ByteBuffer.wrap(bytes));
        contents.add(bytes);
        return new ChunkPayload(number, p, 10_000L * number, 9_000);
    }

    @Test
    void recordsComeBackInOrderAndEveryPayloadIsReleased() throws Exception {
        ZfecCodec codec = ZfecCodec.create(2, 3);
        MemorySink sink = new MemorySink(-1, null);
        ChunkEncoder encoder = new ChunkEncoder(codec, sink, 1);
        Random random = new Random(1);
        List<ChunkPayload> payloads = new java.util.ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            ChunkPayload p = payload(n, random);
            payloads.add(p);
            encoder.submit(p);
        }
        List<ChunkRecord> records = encoder.finish();
        assertThat(records).extracting(ChunkRecord::number).containsExactly(1, 2, 3, 4, 5, 6);
        for (ChunkRecord r : records) {
            ChunkPayload p = payloads.get(r.number() - 1);
            assertThat(r.payloadLength()).isEqualTo(p.length());
            assertThat(r.payloadSha256()).isEqualTo(Sha256.of(contents.get(r.number() - 1)));
            assertThat(r.uncompressedOffset()).isEqualTo(p.uncompressedOffset());
            assertThat(r.shardSha256()).hasSize(3);
            for (int s = 0; s < 3; s++) {
                assertThat(r.shardSha256().get(s)).isEqualTo(Sha256.of(sink.shard(r.number(), s)));
            }
        }
        assertThat(pool.free()).as("every segment given back").isEqualTo(pool.made());
    }

    @Test
    void aCodingFailureReachesTheNextSubmitAndFinish() throws Exception {
        IOException full = new IOException("No space left on device");
        MemorySink sink = new MemorySink(2, full);
        ChunkEncoder encoder = new ChunkEncoder(ZfecCodec.create(2, 3), sink, 1);
        Random random = new Random(2);
        AtomicInteger number = new AtomicInteger();
        // Submissions go on until the failure is seen: at the latest the one waiting on the full hand-off
        // is woken with it, since the encoder takes nothing more after chunk 2.
        assertThatThrownBy(() -> {
            while (true) {
                encoder.submit(payload(number.incrementAndGet(), random));
            }
        }).isSameAs(full);
        assertThat(number.get()).isGreaterThan(2);
        assertThatThrownBy(encoder::finish).isSameAs(full);
        assertThat(sink.opened).doesNotContainKey(3 * 10 + 0);
        encoder.abort();
    }

    /** Shards in memory; opening shard 0 of chunk {@code failAt} throws {@code failure}. */
    private static final class MemorySink implements ShardSink {
        private final int failAt;
        private final IOException failure;
        final Map<Integer, ByteArrayOutputStream> opened = new ConcurrentHashMap<>();

        MemorySink(int failAt, IOException failure) {
            this.failAt = failAt;
            this.failure = failure;
        }

        byte[] shard(int chunk, int shard) {
            return opened.get(chunk * 10 + shard).toByteArray();
        }

        @Override
        public ArchiveParameters.Layout layout() {
            return ArchiveParameters.Layout.DIRECTORY;
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public OutputStream openShard(int chunk, int shard) throws IOException {
            if (chunk == failAt) {
                throw failure;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            opened.put(chunk * 10 + shard, out);
            return out;
        }

        @Override
        public OutputStream openIndexShard(int shard) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeRecoveryText(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commitIndex(CompressedIndex compressedIndex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void finish() {
        }

        @Override
        public void abort() {
        }

        @Override
        public void close() {
        }
    }
}

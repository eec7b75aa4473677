package io.ectar.archive.internal.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ectar.format.ChunkHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Cutting the tar stream into chunk payloads on the compressor thread. */
public class ChunkStreamTest {

    public static final String ID = ChunkHeader.newArchiveId();

    /** A payload as the sink saw it. */
    private record Copy(int number, byte[] bytes, long uncompressedOffset, long uncompressedLength) {
    }

    /** A sink that keeps a copy of every payload and releases its segments at once. */
    private static final class Collecting implements ChunkStream.Sink {
        final List<Copy> payloads = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void accept(ChunkPayload p) {
            threads.add(Thread.currentThread().getName());
            payloads.add(new Copy(p.number(), p.payload().toByteArray(), p.uncompressedOffset(),
                    p.uncompressedLength()));
            p.release();
        }
    }

    @ParameterizedTest(name = "zstd level {0}")
    @ValueSource(ints = {0, 3})
    void chunksCoverTheStreamInOrderAndEachPayloadIsItsSlice(int level) throws Exception {
        byte[] tar = randomTar(3_000_000, level);
        Collecting sink = new Collecting();
        long chunkSize = 300_000;
        try (ChunkStream chunks = new ChunkStream(chunkSize, level, 2, ID, sink)) {
            Random writes = new Random(7);
            int at = 0;
            while (at < tar.length) {
                int n = Math.min(tar.length - at, 1 + writes.nextInt(200_000));
                chunks.write(tar, at, n);
                at += n;
            }
            assertThat(chunks.position()).isEqualTo(tar.length);
            chunks.finish();
        }
        long capacity = chunkSize - chunkSize % 512;
        assertThat(sink.payloads).hasSize((int) ((tar.length + capacity - 1) / capacity));
        long offset = 0;
        for (int i = 0; i < sink.payloads.size(); i++) {
            Copy p = sink.payloads.get(i);
            assertThat(p.number()).isEqualTo(i + 1);
            assertThat(p.uncompressedOffset()).isEqualTo(offset);
            assertThat(p.uncompressedLength()).isEqualTo(Math.min(capacity, tar.length - offset));
            ChunkHeader h = ChunkHeader.parse(p.bytes());
            assertThat(h.chunk()).isEqualTo(i + 1);
            assertThat(h.archiveId()).isEqualTo(ID);
            assertThat(h.frameProblem(p.bytes(), p.bytes().length)).isEmpty();
            byte[] slice = unzstd(p.bytes());
            assertThat(slice).isEqualTo(Arrays.copyOfRange(tar, (int) offset, (int) (offset + p.uncompressedLength())));
            offset += p.uncompressedLength();
        }
        assertThat(sink.threads).containsOnly("ectar-compressor");
    }

    @Test
    void anEntryThatDoesNotFitStartsANewChunkAndABigOneContinues() throws Exception {
        Collecting sink = new Collecting();
        try (ChunkStream chunks = new ChunkStream(10 * 512, 3, 0, ID, sink)) {
            assertThat(chunks.currentChunk()).isEqualTo(1);
            chunks.startEntry(3 * 512);
            chunks.write(new byte[3 * 512]);
            chunks.startEntry(8 * 512); // does not fit in the 7 records left: cut
            assertThat(chunks.currentChunk()).isEqualTo(2);
            assertThat(chunks.position()).isEqualTo(3 * 512);
            chunks.write(new byte[8 * 512]);
            chunks.startEntry(25 * 512); // bigger than a chunk: continues here
            assertThat(chunks.currentChunk()).isEqualTo(2);
            chunks.write(new byte[25 * 512]);
            chunks.finish();
        }
        assertThat(sink.payloads).extracting(Copy::uncompressedLength)
                .containsExactly(3L * 512, 10L * 512, 10L * 512, 10L * 512, 3L * 512);
    }

    @Test
    void aFailingSinkFailsTheWriterWithItsOwnException() throws Exception {
        IOException full = new IOException("disk full on shard 3");
        ChunkStream.Sink failing = p -> {
            p.release();
            if (p.number() == 2) {
                throw full;
            }
        };
        try (ChunkStream chunks = new ChunkStream(4096, 1, 0, ID, failing)) {
            assertThatThrownBy(() -> {
                byte[] block = new byte[4096];
                for (int i = 0; i < 10_000; i++) {
                    chunks.write(block);
                }
                chunks.finish();
            }).isSameAs(full);
        }
    }

    @Test
    void writingWaitsWhilePayloadBuffersAreHeldAndGoesOnWhenReleased() throws Exception {
        List<ChunkPayload> held = new CopyOnWriteArrayList<>();
        ChunkStream.Sink holding = held::add;
        ChunkStream chunks = new ChunkStream(64 << 10, 0, 0, ID, holding);
        byte[] data = new byte[64 << 10];
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 40; i++) {
                    chunks.write(data);
                }
                chunks.finish();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        // The writer can only get ahead by the staging buffers; the sink never sees more than the pool holds:
        // a payload here fits in one segment, and the pool has one payload's worth plus the slack.
        while (writer.getState() != Thread.State.WAITING && writer.isAlive()) {
            Thread.onSpinWait();
        }
        assertThat(writer.isAlive()).isTrue();
        assertThat(held.size()).isLessThanOrEqualTo(1 + ChunkStream.SLACK);
        while (writer.isAlive()) {
            for (ChunkPayload p : new ArrayList<>(held)) {
                held.remove(p);
                p.release();
            }
            writer.join(10);
        }
        chunks.close();
        assertThat(chunks.position()).isEqualTo(40L * data.length);
    }

    @Test
    void closingWithoutFinishingStopsTheCompressor() throws Exception {
        Collecting sink = new Collecting();
        ChunkStream chunks = new ChunkStream(1 << 20, 3, 2, ID, sink);
        chunks.write(new byte[300_000]);
        chunks.close();
        assertThat(sink.payloads).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ectar-compressor")
                && t.isAlive() && t.getState() != Thread.State.TERMINATED);
    }

    private static byte[] randomTar(int size, long seed) {
        // Half random, half repetitive, so compression has something to do.
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        for (int i = size / 2; i < size; i++) {
            b[i] = (byte) (i % 61);
        }
        return b;
    }

    /** Decompresses payloads as {@code zstd -d} does: skippable frames (the chunk headers) are skipped. */
    static byte[] unzstd(byte[] frame) throws IOException {
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(frame))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}

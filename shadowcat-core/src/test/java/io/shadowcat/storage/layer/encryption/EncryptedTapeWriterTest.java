package io.shadowcat.storage.layer.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.layer.ForwardingBackend;
import io.shadowcat.storage.layer.ForwardingWriter;
import io.shadowcat.storage.memory.MemoryStorageProvider;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeJson;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live encrypted writer with its background {@link SegmentSealer}: order, flush, failures. */
class EncryptedTapeWriterTest {

    @TempDir
    Path dir;

    private AgeCipher cipher;

    @BeforeEach
    void keys() throws Exception {
        KeyPair age = new X25519KeyPairGenerator().generateKeyPair();
        Path identity = Files.writeString(dir.resolve("key.txt"), age.getPrivate() + "\n");
        Path recipients = Files.writeString(dir.resolve("recipients.txt"), age.getPublic() + "\n");
        cipher = new AgeCipher(AgeKeys.load(recipients, identity));
    }

    @Test
    void framesOfManySegmentsReadBackInOrderAfterEachFlushAndAfterFinish() {
        TapeStorageBackend memory = new MemoryStorageProvider().create(StorageSettings.empty());
        try (EncryptedBackend storage = new EncryptedBackend(memory, cipher)) {
            TapeWriter w = storage.openWriter(header("t1"));
            List<Frame> appended = frames(0, 3000); // ~1.2 KiB each: three full segments and a flushed one
            appended.forEach(w::append);
            w.flush();
            assertThat(texts(storage.streamFrames(TapeId.of("t1")))).isEqualTo(texts(appended.stream()));
            long stored = count(memory.streamFrames(TapeId.of("t1")));

            List<Frame> more = frames(3000, 10);
            more.forEach(w::append);
            w.flush(); // a segment of its own, stored when flush returns
            assertThat(count(memory.streamFrames(TapeId.of("t1")))).isGreaterThan(stored);
            assertThat(count(storage.streamFrames(TapeId.of("t1")))).isEqualTo(3010);

            w.finish(TapeStatus.FINALIZED);
            List<Frame> all = Stream.concat(appended.stream(), more.stream()).toList();
            assertThat(texts(storage.load(TapeId.of("t1")).frames().stream())).isEqualTo(texts(all.stream()));
            assertThat(storage.header(TapeId.of("t1")).metadata().stats().frameCount()).isEqualTo(3010);
        }
    }

    @Test
    void aFailedSegmentIsThrownByTheNextCallsAndFinishStillEndsTheTape() {
        AtomicInteger partsLeft = new AtomicInteger(Integer.MAX_VALUE);
        TapeStorageBackend failing = failingAfter(new MemoryStorageProvider().create(StorageSettings.empty()), partsLeft);
        try (EncryptedBackend storage = new EncryptedBackend(failing, cipher)) {
            TapeWriter w = storage.openWriter(header("t2"));
            frames(0, 100).forEach(w::append);
            w.flush(); // segment 0 stored
            partsLeft.set(0);
            frames(100, 100).forEach(w::append);
            assertThatThrownBy(w::flush).isInstanceOf(StorageException.class)
                    .hasMessageContaining("tape t2").hasRootCauseMessage("disk full");
            // never lost: every later call says so too, until the tape is finished
            assertThatThrownBy(() -> w.append(frames(200, 1).get(0))).isInstanceOf(StorageException.class)
                    .hasRootCauseMessage("disk full");
            assertThatThrownBy(() -> w.finish(TapeStatus.FINALIZED)).isInstanceOf(StorageException.class);
            assertThat(storage.exists(TapeId.of("t2"))).isTrue();
            assertThat(count(storage.streamFrames(TapeId.of("t2")))).isEqualTo(100); // the segment before it
        }
    }

    @Test
    void aSegmentClosedWhenFullFailsTheNextAppendWithoutAFlush() {
        AtomicInteger partsLeft = new AtomicInteger(0);
        TapeStorageBackend failing = failingAfter(new MemoryStorageProvider().create(StorageSettings.empty()), partsLeft);
        try (EncryptedBackend storage = new EncryptedBackend(failing, cipher)) {
            TapeWriter w = storage.openWriter(header("t3"));
            // appends go on until the full segment's failure comes back from the sealer: never silently
            assertThatThrownBy(() -> {
                for (Frame f : frames(0, 20_000)) {
                    w.append(f);
                }
                w.flush();
            }).isInstanceOf(StorageException.class).hasRootCauseMessage("disk full");
            assertThatThrownBy(() -> w.finish(TapeStatus.FINALIZED)).isInstanceOf(StorageException.class);
        }
    }

    @Test
    void storedPartsAreTheTextJacksonWouldWriteForTheirBinaryMessage() {
        Random random = new Random(16);
        for (int size : new int[] {0, 1, 2, 3, 100, Segments.PART_BYTES - 1, Segments.PART_BYTES, 3 * Segments.PART_BYTES + 7}) {
            byte[] age = new byte[size];
            random.nextBytes(age);
            List<Frame> parts = Segments.stored(0, 0, age);
            for (Frame p : parts) {
                assertThat(p.text()).isEqualTo(TapeJson.compact(p.message()));
            }
            Segments.Joiner joiner = new Segments.Joiner(TapeId.of("t"));
            byte[] joined = null;
            for (Frame p : parts) {
                Frame reread = Frame.ofText(p.seq(), 0, Direction.CLIENT_TO_SERVER, p.text()); // as read back
                joined = joiner.accept(reread);
            }
            assertThat(joined).isEqualTo(age);
        }
    }

    private static TapeStorageBackend failingAfter(TapeStorageBackend inner, AtomicInteger partsLeft) {
        return new ForwardingBackend(inner) {
            @Override
            public TapeWriter openWriter(TapeHeader header) {
                return new ForwardingWriter(inner.openWriter(header)) {
                    @Override
                    public void append(Frame frame) {
                        if (partsLeft.getAndDecrement() <= 0) {
                            throw new StorageException("cannot append to tape " + header.id() + ": disk full",
                                    new java.io.IOException("disk full"));
                        }
                        super.append(frame);
                    }
                };
            }
        };
    }

    private static TapeHeader header(String id) {
        return new TapeHeader(TapeId.of(id), "session", Instant.parse("2026-01-01T00:00:00Z"), "2025-06-18", null);
    }

    private static List<Frame> frames(int from, int n) {
        String pad = "x".repeat(1200);
        return java.util.stream.IntStream.range(from, from + n).mapToObj(i -> Frame.ofText(i, i,
                (i & 1) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"pad\":\"" + pad + "\"}}"))
                .collect(Collectors.toList());
    }

    private static List<String> texts(Stream<Frame> frames) {
        try (frames) {
            return frames.map(f -> f.seq() + " " + f.text()).toList();
        }
    }

    private static long count(Stream<Frame> frames) {
        try (frames) {
            return frames.count();
        }
    }
}

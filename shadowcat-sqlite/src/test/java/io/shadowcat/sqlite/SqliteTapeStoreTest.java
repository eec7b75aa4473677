package io.shadowcat.sqlite;

import static io.shadowcat.sqlite.TestTapes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.storage.query.Page;
import io.shadowcat.storage.StorageException;
import io.shadowcat.storage.TapeExistsException;
import io.shadowcat.storage.TapeNotFoundException;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.storage.TapeSummary;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Correlation;
import io.shadowcat.tape.CorrelationStatus;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.Tape;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteTapeStoreTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1234})
    void savedTapeLoadsBackExactly(long seed) {
        Tape tape = TestTapes.tape("tape-" + seed, "seeded " + seed, T0, TestTapes.frames(seed, 60), "a", "b");
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            store.save(tape);
            assertThat(store.load(tape.id())).isEqualTo(tape);
            try (Stream<Frame> frames = store.streamFrames(tape.id())) {
                assertThat(frames).containsExactlyElementsOf(tape.frames());
            }
            assertThat(store.header(tape.id())).isEqualTo(tape.header());
            try (Stream<Correlation> c = store.streamCorrelations(tape.id())) {
                assertThat(c).containsExactlyElementsOf(tape.correlations());
            }
        }
        // and after reopening the file
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            assertThat(store.load(tape.id())).isEqualTo(tape);
        }
    }

    @Test
    void messagesKeepIdTypesNumbersUnicodeAndUnknownFieldsVerbatim() {
        String[] messages = {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"n\":1.10,\"big\":123456789012345678901234567890}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{\"text\":\"Zürich 日本語 🎉 \\\"q\\\" \\n\\t\\u0000\"},\"x-unknown\":[null,true,0.50,1E+400]}",
            "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"},{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32601}}]",
        };
        List<Frame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            frames.add(TestTapes.frame(i, Direction.CLIENT_TO_SERVER, messages[i]));
        }
        Tape tape = TestTapes.tape("verbatim", "verbatim", T0, frames);
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            store.save(tape);
            List<Frame> back = store.load(tape.id()).frames();
            for (int i = 0; i < messages.length; i++) {
                assertThat(Json.write(back.get(i).message())).isEqualTo(messages[i]);
                assertThat(back.get(i).message()).isEqualTo(frames.get(i).message());
            }
        }
    }

    @Test
    void saveReplacesAndDeleteRemovesEverything() {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            store.save(TestTapes.tape("x", "first", T0, TestTapes.frames(1, 30)));
            Tape second = TestTapes.tape("x", "second", T0, TestTapes.frames(2, 5));
            store.save(second);
            assertThat(store.load(TapeId.of("x"))).isEqualTo(second);
            assertThat(store.stats().frameCount()).isEqualTo(5);
            assertThat(store.search(io.shadowcat.storage.query.SearchQuery.parse("first")).items()).isEmpty();

            assertThat(store.delete(TapeId.of("x"))).isTrue();
            assertThat(store.delete(TapeId.of("x"))).isFalse();
            assertThat(store.exists(TapeId.of("x"))).isFalse();
            assertThatThrownBy(() -> store.load(TapeId.of("x"))).isInstanceOf(TapeNotFoundException.class)
                    .hasMessageContaining("x");
            assertThatThrownBy(() -> store.streamFrames(TapeId.of("x"))).isInstanceOf(TapeNotFoundException.class);
            assertThat(store.stats().tapeCount()).isZero();
            assertThat(store.search(io.shadowcat.storage.query.SearchQuery.parse("second")).items()).isEmpty();
        }
    }

    @Test
    void saveAllWritesEveryTapeInOneGo() {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            List<Tape> tapes = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                tapes.add(TestTapes.tape("bulk-" + i, "bulk " + i, T0.plusSeconds(i), TestTapes.frames(i, 10)));
            }
            store.saveAll(tapes);
            assertThat(store.stats().tapeCount()).isEqualTo(20);
            assertThat(store.stats().frameCount()).isEqualTo(200);
            for (Tape t : tapes) {
                assertThat(store.load(t.id())).isEqualTo(t);
            }
        }
    }

    @Test
    void framesOutOfOrderAreRefusedWithoutWritingAnything() {
        List<Frame> frames = List.of(TestTapes.frame(3, Direction.CLIENT_TO_SERVER, "{\"a\":1}"),
                TestTapes.frame(3, Direction.CLIENT_TO_SERVER, "{\"a\":2}"));
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            assertThatThrownBy(() -> store.save(TestTapes.tape("dup", "dup", T0, frames)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq 3");
            assertThat(store.exists(TapeId.of("dup"))).isFalse();
        }
    }

    @Test
    void liveTapeIsVisibleWhileRecordingAndFinalizedAtTheEnd() {
        TapeHeader header = TestTapes.header("live", "live one", T0, "prod");
        List<Frame> frames = TestTapes.frames(9, 25);
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"), "batch_frames", "10", "batch_interval", "1h");
             SqliteTapeStore reader = TestTapes.open(dir.resolve("t.db"))) {
            TapeWriter w = store.openWriter(header);
            assertThatThrownBy(() -> store.openWriter(header)).isInstanceOf(TapeExistsException.class);
            TapeSummary started = reader.list(TapeQuery.all()).items().get(0);
            assertThat(started.status()).isEqualTo(TapeStatus.RECORDING);
            assertThat(started.frameCount()).isZero();

            for (int i = 0; i < 15; i++) {
                w.append(frames.get(i));
            }
            // one batch of 10 is committed, 5 wait
            assertThat(reader.list(TapeQuery.all()).items().get(0).frameCount()).isEqualTo(10);
            try (Stream<Frame> s = reader.streamFrames(header.id())) {
                assertThat(s).containsExactlyElementsOf(frames.subList(0, 10));
            }
            w.flush();
            assertThat(reader.list(TapeQuery.all()).items().get(0).frameCount()).isEqualTo(15);

            assertThatThrownBy(() -> w.append(frames.get(3))).isInstanceOf(io.shadowcat.tape.FrameOrderException.class)
                    .hasMessageContaining("frame seq 3 is lower than the previous frame's seq 14");
            for (int i = 15; i < 25; i++) {
                w.append(frames.get(i));
            }
            w.append(new Correlation("c1", 0, 1, 0, 10, 10, CorrelationStatus.SUCCESS));
            w.updateHeader(header.withProtocolVersion("2025-11-25").withMetadata(
                    header.metadata().withStatus(TapeStatus.PAUSED)));
            TapeSummary done = w.finish(TapeStatus.FINALIZED);
            assertThat(done.frameCount()).isEqualTo(25);
            assertThat(w.finish(TapeStatus.ERROR)).isEqualTo(done);
            assertThatThrownBy(() -> w.append(frames.get(24))).isInstanceOf(IllegalStateException.class);

            Tape loaded = reader.load(header.id());
            assertThat(loaded.frames()).containsExactlyElementsOf(frames);
            assertThat(loaded.correlations()).hasSize(1);
            assertThat(loaded.header().protocolVersion()).isEqualTo("2025-11-25");
            assertThat(loaded.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
            assertThat(loaded.metadata().stats().frameCount()).isEqualTo(25);
            assertThat(loaded.metadata().stats().correlationCount()).isEqualTo(1);
            assertThat(loaded.metadata().stats().lastSequence()).isEqualTo(24);
            assertThat(loaded.metadata().stats().durationMs()).isEqualTo(240);
        }
    }

    @Test
    void waitingFramesAreCommittedWithinTheBatchInterval() throws Exception {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"), "batch_frames", "1000",
                "batch_interval", "50ms")) {
            TapeWriter w = store.openWriter(TestTapes.header("slow", "slow", T0));
            w.append(TestTapes.frames(1, 1).get(0));
            // Polls for what the committer thread does on its own; the bound only turns a hang into a failure.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
            while (store.list(TapeQuery.all()).items().get(0).frameCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(store.list(TapeQuery.all()).items().get(0).frameCount()).isEqualTo(1);
            w.close();
        }
    }

    @Test
    void closingTheStoreFinalizesOpenWriters() {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"), "batch_interval", "1h")) {
            TapeWriter w = store.openWriter(TestTapes.header("open", "open", T0));
            TestTapes.frames(3, 7).forEach(w::append);
        }
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            Tape t = store.load(TapeId.of("open"));
            assertThat(t.frames()).hasSize(7);
            assertThat(t.metadata().status()).isEqualTo(TapeStatus.FINALIZED);
            assertThat(t.metadata().finalizedAt()).isNotNull();
        }
    }

    @Test
    void liveTapeCannotBeReplacedOrDeletedByThisProcess() {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            TapeWriter w = store.openWriter(TestTapes.header("busy", "busy", T0));
            assertThatThrownBy(() -> store.save(TestTapes.tape("busy", "other", T0, TestTapes.frames(1, 2))))
                    .isInstanceOf(io.shadowcat.storage.StorageException.class).hasMessageContaining("being recorded");
            assertThatThrownBy(() -> store.delete(TapeId.of("busy")))
                    .isInstanceOf(io.shadowcat.storage.StorageException.class).hasMessageContaining("being recorded");
            w.finish(TapeStatus.FINALIZED);
            assertThat(store.delete(TapeId.of("busy"))).isTrue();
        }
    }

    @Test
    void writerOfATapeDeletedByAnotherProcessFailsClearly() throws Exception {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"), "batch_interval", "1h");
             SqliteTapeStore other = TestTapes.open(dir.resolve("t.db"))) {
            TapeWriter w = store.openWriter(TestTapes.header("gone", "gone", T0));
            w.append(TestTapes.frames(3, 1).get(0));
            // Shadowcat refuses to delete a tape another process records (its writer's lock is held) ...
            assertThatThrownBy(() -> other.delete(TapeId.of("gone"))).isInstanceOf(StorageException.class)
                    .hasMessageContaining("another process records it");
            // ... but a tape deleted behind its back (here with plain SQL) still fails its writer clearly.
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
                 java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA foreign_keys = ON");
                assertThat(st.executeUpdate("DELETE FROM tapes WHERE id = 'gone'")).isEqualTo(1);
            }
            assertThatThrownBy(w::flush).isInstanceOf(TapeNotFoundException.class).hasMessageContaining("gone");
            assertThat(store.exists(TapeId.of("gone"))).isFalse();
            assertThat(store.stats().frameCount()).isZero();
            w.close();
        }
    }

    @Test
    void listFiltersPagesAndOrdersNewestFirst() {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            for (int i = 0; i < 12; i++) {
                String[] tags = i % 3 == 0 ? new String[] {"prod", "eu"} : new String[] {"dev"};
                store.save(TestTapes.tape("t" + i, (i % 2 == 0 ? "Weather " : "Search ") + i, T0.plusSeconds(i),
                        TestTapes.frames(i, 4), tags));
            }
            Page<TapeSummary> all = store.list(TapeQuery.all());
            assertThat(all.total()).isEqualTo(12);
            assertThat(all.items()).extracting(s -> s.id().value())
                    .containsExactly("t11", "t10", "t9", "t8", "t7", "t6", "t5", "t4", "t3", "t2", "t1", "t0");

            Page<TapeSummary> page = store.list(TapeQuery.all().page(4, 3));
            assertThat(page.items()).extracting(s -> s.id().value()).containsExactly("t7", "t6", "t5");
            assertThat(page.total()).isEqualTo(12);
            assertThat(page.hasMore()).isTrue();
            Page<TapeSummary> past = store.list(TapeQuery.all().page(50, 3));
            assertThat(past.items()).isEmpty();
            assertThat(past.total()).isEqualTo(12);

            TapeQuery prodEu = new TapeQuery(Set.of("prod", "eu"), null, null, null, null, null, 0, 100);
            assertThat(store.list(prodEu).items()).extracting(s -> s.id().value())
                    .containsExactly("t9", "t6", "t3", "t0");
            TapeQuery weather = new TapeQuery(Set.of(), TapeStatus.FINALIZED, null, "wEaThEr", T0.plusSeconds(2),
                    T0.plusSeconds(8), 0, 100);
            assertThat(store.list(weather).items()).extracting(s -> s.id().value())
                    .containsExactly("t6", "t4", "t2");
            TapeQuery session = new TapeQuery(Set.of(), null, "session-t5", null, null, null, 0, 100);
            assertThat(store.list(session).items()).extracting(s -> s.id().value()).containsExactly("t5");
            TapeSummary t5 = store.list(session).items().get(0);
            assertThat(t5.frameCount()).isEqualTo(4);
            assertThat(t5.durationMs()).isEqualTo(30);
            assertThat(t5.tags()).containsExactly("dev");
            assertThat(t5.sizeBytes()).isPositive();
        }
    }

    @Test
    void reportsHealthStatsAndCapabilities() {
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"))) {
            store.save(TestTapes.tape("h", "h", T0, TestTapes.frames(1, 3)));
            assertThat(store.health().healthy()).isTrue();
            assertThat(store.health().detail()).contains("1 tapes");
            assertThat(store.stats().tapeCount()).isEqualTo(1);
            assertThat(store.stats().frameCount()).isEqualTo(3);
            assertThat(store.stats().totalBytes()).isPositive();
            assertThat(store.providerName()).isEqualTo("sqlite");
            assertThat(store.capabilities()).contains(io.shadowcat.storage.spi.ProviderCapability.SUBSTRING_SEARCH,
                    io.shadowcat.storage.spi.ProviderCapability.LIVE_APPEND,
                    io.shadowcat.storage.spi.ProviderCapability.TRANSACTIONS);
        }
    }

    @Test
    void streamsALongTapePageByPage() {
        int count = 5_000;
        try (SqliteTapeStore store = TestTapes.open(dir.resolve("t.db"), "batch_frames", "1000")) {
            try (TapeWriter w = store.openWriter(TestTapes.header("long", "long", T0))) {
                for (int i = 0; i < count; i++) {
                    w.append(TestTapes.frame(i, Direction.SERVER_TO_CLIENT, "{\"jsonrpc\":\"2.0\",\"id\":" + i + "}"));
                }
            }
            try (Stream<Frame> s = store.streamFrames(TapeId.of("long"))) {
                long[] expected = {0};
                s.forEach(f -> assertThat(f.seq()).isEqualTo(expected[0]++));
                assertThat(expected[0]).isEqualTo(count);
            }
        }
    }
}

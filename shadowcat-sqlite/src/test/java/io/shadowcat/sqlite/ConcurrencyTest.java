package io.shadowcat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.storage.query.SearchQuery;
import io.shadowcat.storage.query.TapeQuery;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many recordings at once, from threads of this JVM and from two other JVMs, into one database file,
 * with readers running all the while: nothing fails with "database is locked" and nothing is lost.
 */
class ConcurrencyTest {

    private static final int THREADS = 12;
    private static final int TAPES_PER_THREAD = 3;
    private static final int FRAMES = 150;

    @TempDir
    Path dir;

    @Test
    void threadsAndProcessesRecordIntoOneDatabase() throws Exception {
        Path db = dir.resolve("shared.db");
        TestTapes.open(db).close(); // create the schema once, so the children race on data, not DDL
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean recording = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        try (SqliteTapeStore store = TestTapes.open(db, "batch_frames", "16", "batch_interval", "20ms");
             ChildJvm childA = new ChildJvm(dir.resolve("a.err"), "concurrent", db.toString(), "procA", "4", "3",
                     String.valueOf(FRAMES), "8");
             ChildJvm childB = new ChildJvm(dir.resolve("b.err"), "concurrent", db.toString(), "procB", "4", "3",
                     String.valueOf(FRAMES), "32")) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    try {
                        for (int k = 0; k < TAPES_PER_THREAD; k++) {
                            RecordingChild.record(store, "local-" + thread + "-" + k,
                                    RecordingChild.seedOf("local", thread, k), FRAMES);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    try {
                        while (recording.get()) {
                            store.list(TapeQuery.all());
                            store.search(SearchQuery.parse("weather tag:x"));
                            store.search(SearchQuery.parse("\"tools/call\""));
                            store.list(TapeQuery.all()).items().stream().findFirst().ifPresent(s -> {
                                try (Stream<Frame> f = store.streamFrames(s.id())) {
                                    f.count();
                                } catch (io.shadowcat.storage.TapeNotFoundException ignored) {
                                    // cannot happen: nothing is deleted
                                    throw ignored;
                                }
                            });
                            reads.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            int exitA = childA.waitFor();
            int exitB = childB.waitFor();
            recording.set(false);
            // the readers finish their round before the store closes, or they report it closed
            for (Thread reader : readers) {
                reader.join();
            }
            assertThat(exitA).as("child A: %s", Files.readString(dir.resolve("a.err"))).isZero();
            assertThat(exitB).as("child B: %s", Files.readString(dir.resolve("b.err"))).isZero();
            assertThat(childA.readLine()).isEqualTo("done");
            assertThat(childB.readLine()).isEqualTo("done");
        }
        assertThat(failure.get()).as("%s", failure.get()).isNull();
        assertThat(reads.get()).isPositive();

        try (SqliteTapeStore store = TestTapes.open(db)) {
            int tapes = THREADS * TAPES_PER_THREAD + 2 * 4 * 3;
            assertThat(store.stats().tapeCount()).isEqualTo(tapes);
            assertThat(store.stats().frameCount()).isEqualTo((long) tapes * FRAMES);
            assertThat(store.list(new TapeQuery(null, TapeStatus.FINALIZED, null, null, null, null, 0, 1)).total())
                    .isEqualTo(tapes);
            for (String prefix : List.of("local", "procA", "procB")) {
                int threads = prefix.equals("local") ? THREADS : 4;
                int perThread = prefix.equals("local") ? TAPES_PER_THREAD : 3;
                for (int t = 0; t < threads; t++) {
                    for (int k = 0; k < perThread; k++) {
                        TapeId id = TapeId.of(prefix + "-" + t + "-" + k);
                        assertThat(store.load(id).frames()).as(id.value())
                                .containsExactlyElementsOf(TestTapes.frames(RecordingChild.seedOf(prefix, t, k), FRAMES));
                    }
                }
            }
        }
    }
}

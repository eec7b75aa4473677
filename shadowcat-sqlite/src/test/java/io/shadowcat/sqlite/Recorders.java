package io.shadowcat.sqlite;

import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.SampleMessages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Recorders that start at one moment against one database: each thread opens its own store (its own
 * connection, as a separate {@code shadowcat record} process has), records one tape of {@code frames}
 * frames and commits every {@code every} frames with {@link TapeWriter#flush}, timing each commit.
 */
final class Recorders {

    /** What all recorders of one run did: the failures (one line each) and every commit's wait. */
    record Outcome(List<String> failures, long[] commitNanos, long[] commitTurns, int started) {

        /** p50, p99 and max of the commit waits, in ms. */
        String summary() {
            long[] w = commitNanos.clone();
            Arrays.sort(w);
            long[] t = commitTurns.clone();
            Arrays.sort(t);
            return String.format("%d recorders started, %d commits, %d failures; commit wait p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms; turns waited p50 %d, p99 %d, max %d", started, w.length, failures.size(),
                    ms(pick(w, 0.50)), ms(pick(w, 0.99)), ms(pick(w, 1.0)), pick(t, 0.5), pick(t, 0.99), pick(t, 1.0));
        }

        private static long pick(long[] sorted, double q) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /**
     * Shorter than the default 30s, so that a writer starved of the lock fails within the test's run; with fair
     * turns it is only ever reached by a writer that holds its turn this long.
     */
    static final String BUSY_TIMEOUT = "5s";

    private Recorders() {
    }

    static String tapeId(String prefix, int recorder) {
        return prefix + "-" + recorder;
    }

    /** Runs {@code count} recorders, released together once all their threads run; returns when all are done. */
    static Outcome run(Path db, String prefix, int count, int frames, int every) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> commits = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        int[] startedCount = new int[1];
        for (int r = 0; r < count; r++) {
            int recorder = r;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    record(db, tapeId(prefix, recorder), RecordingChild.seedOf(prefix, recorder, 0), frames, every,
                            commits, () -> {
                                synchronized (startedCount) {
                                    startedCount[0]++;
                                }
                            });
                } catch (Throwable e) {
                    failures.add(tapeId(prefix, recorder) + ": " + e);
                }
            }, "recorder " + recorder));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long[] nanos = commits.stream().mapToLong(c -> c[0]).toArray();
        long[] turns = commits.stream().mapToLong(c -> c[1]).toArray();
        synchronized (startedCount) {
            return new Outcome(List.copyOf(failures), nanos, turns, startedCount[0]);
        }
    }

    private static void record(Path db, String id, long seed, int frames, int every,
                               ConcurrentLinkedQueue<long[]> commits, Runnable onStarted) {
        // Commits only when told to: every commit below is one timed flush.
        try (SqliteTapeStore store = TestTapes.open(db, "batch_frames", "100000", "batch_interval", "1h",
                "busy_timeout", BUSY_TIMEOUT)) {
            SampleMessages messages = new SampleMessages(seed);
            try (TapeWriter w = store.openWriter(TestTapes.header(id, id, TestTapes.T0))) {
                onStarted.run();
                for (int i = 0; i < frames; i++) {
                    w.append(TestTapes.nextFrame(messages, i));
                    if ((i + 1) % every == 0) {
                        long turnsBefore = WriteTurnsProbe.turnsWaited(store);
                        long t0 = System.nanoTime();
                        w.flush();
                        commits.add(new long[] {System.nanoTime() - t0, WriteTurnsProbe.turnsWaited(store) - turnsBefore});
                    }
                }
                w.finish(TapeStatus.FINALIZED);
            }
        }
    }
}

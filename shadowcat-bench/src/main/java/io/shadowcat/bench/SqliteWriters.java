package io.shadowcat.bench;

import io.shadowcat.storage.StorageRegistry;
import io.shadowcat.storage.config.StorageSettings;
import io.shadowcat.storage.spi.TapeStorageBackend;
import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.Direction;
import io.shadowcat.tape.Frame;
import io.shadowcat.tape.TapeHeader;
import io.shadowcat.tape.TapeId;
import io.shadowcat.tape.TapeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Commit waits of many recorders on one {@code sqlite} database, as many {@code shadowcat record} processes
 * have: every writer opens its own store (its own connection; SQLite locks connections of one process
 * against each other as it locks processes) on one fresh file, all at the same moment, records one tape and
 * commits every few frames with {@code flush}. Prints how many started, what failed, and the wait of the
 * opens and of the commits (p50, p99, max), with the load average. Run: {@code java -cp
 * shadowcat-benchmarks.jar io.shadowcat.bench.SqliteWriters [writers=100] [frames=200] [commitEvery=2]
 * [busyTimeout=30s]}.
 */
public final class SqliteWriters {

    private SqliteWriters() {
    }

    public static void main(String[] args) throws Exception {
        int writers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String busy = args.length > 3 ? args[3] : "30s";
        Path dir = BenchTapes.scratch("shadowcat-writers");
        Path db = dir.resolve("tapes.db");
        ConcurrentLinkedQueue<Long> opens = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> commits = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String id = "writer-" + i;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    record(db, id, frames, every, busy, opens, commits);
                } catch (Exception e) {
                    failures.add(String.valueOf(e.getMessage()));
                }
            }));
        }
        String loadBefore = load();
        threads.forEach(Thread::start);
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%d writers x %d frames, a commit every %d, busy_timeout %s: %.1f s,"
                + " load before %s, after %s%n", writers, frames, every, busy, seconds, loadBefore, load());
        System.out.printf(Locale.ROOT, "started %d of %d, %d commits (%.0f/s), %d failed%n", opens.size(), writers,
                commits.size(), commits.size() / seconds, failures.size());
        System.out.println("open wait   " + percentiles(opens));
        System.out.println("commit wait " + percentiles(commits));
        Map<String, Integer> why = new TreeMap<>();
        for (String f : failures) {
            why.merge(f.replaceAll("/\\S+", "DB").replaceAll("tape writer-\\d+", "tape N"), 1, Integer::sum);
        }
        why.forEach((f, n) -> System.out.println(n + " x " + f));
        BenchTapes.deleteTree(dir);
    }

    private static void record(Path db, String id, int frames, int every, String busy,
                               ConcurrentLinkedQueue<Long> opens, ConcurrentLinkedQueue<Long> commits) {
        long asked = System.nanoTime();
        // Commits only when told to: each commit below is one timed flush.
        try (TapeStorageBackend store = StorageRegistry.global().create("sqlite", StorageSettings.of("sqlite",
                Map.of("path", db.toString(), "busy_timeout", busy, "batch_frames", "100000", "batch_interval", "1h")));
             TapeWriter w = store.openWriter(new TapeHeader(TapeId.of(id), "bench", Instant.now(), "2025-06-18",
                     null))) {
            opens.add(System.nanoTime() - asked);
            for (int seq = 0; seq < frames; seq++) {
                w.append(Frame.of(seq, seq, seq % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                        seq % 2 == 0 ? BenchTapes.REQUEST : BenchTapes.RESPONSE));
                if ((seq + 1) % every == 0) {
                    long t = System.nanoTime();
                    w.flush();
                    commits.add(System.nanoTime() - t);
                }
            }
            w.finish(TapeStatus.FINALIZED);
        }
    }

    private static String percentiles(ConcurrentLinkedQueue<Long> nanos) {
        long[] v = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return "(none)";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", at(v, 0.50), at(v, 0.99),
                v[v.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String load() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}

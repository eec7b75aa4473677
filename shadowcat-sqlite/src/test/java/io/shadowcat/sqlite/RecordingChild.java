package io.shadowcat.sqlite;

import io.shadowcat.storage.spi.TapeWriter;
import io.shadowcat.tape.TapeStatus;
import io.shadowcat.testkit.SampleMessages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A second JVM that records into a database, for the crash and multi-process tests.
 *
 * <pre>
 *   stepwise DB TAPE SEED BATCH      append one frame per "append" line on stdin, answer "ok N"
 *   flood DB TAPE SEED BATCH         append as fast as possible until killed, "ok N" after each commit
 *   concurrent DB PREFIX THREADS TAPES FRAMES BATCH   record THREADS x TAPES tapes at once, then "done"
 *   recorders DB PREFIX COUNT FRAMES EVERY GATE   say "ready", wait for the parent to release its lock on GATE,
 *                                    then run {@link Recorders}: "commit NANOS TURNS" per commit, "failed WHAT"
 *                                    per failed recorder, then "done STARTED"
 * </pre>
 */
public final class RecordingChild {

    private RecordingChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path db = Path.of(args[1]);
        switch (args[0]) {
            case "stepwise" -> stepwise(db, args[2], Long.parseLong(args[3]), args[4], out);
            case "flood" -> flood(db, args[2], Long.parseLong(args[3]), args[4], out);
            case "concurrent" -> concurrent(db, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), args[6], out);
            case "recorders" -> recorders(db, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Path.of(args[6]), out);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void stepwise(Path db, String tape, long seed, String batch, PrintStream out) throws Exception {
        SqliteTapeStore store = TestTapes.open(db, "batch_frames", batch, "batch_interval", "1h");
        TapeWriter w = store.openWriter(TestTapes.header(tape, tape, TestTapes.T0));
        SampleMessages messages = new SampleMessages(seed);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready");
        long seq = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("append")) {
                w.append(TestTapes.nextFrame(messages, seq++));
                out.println("ok " + seq);
            }
        }
        // never closes the writer or the store: the parent kills this JVM
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void flood(Path db, String tape, long seed, String batch, PrintStream out) {
        SqliteTapeStore store = TestTapes.open(db, "batch_frames", batch, "batch_interval", "1h");
        TapeWriter w = store.openWriter(TestTapes.header(tape, tape, TestTapes.T0));
        SampleMessages messages = new SampleMessages(seed);
        int b = Integer.parseInt(batch);
        out.println("ready");
        for (long seq = 0; ; seq++) {
            w.append(TestTapes.nextFrame(messages, seq));
            if ((seq + 1) % b == 0) {
                out.println("ok " + (seq + 1));
            }
        }
    }

    private static void concurrent(Path db, String prefix, int threads, int tapes, int frames, String batch,
                                   PrintStream out) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SqliteTapeStore store = TestTapes.open(db, "batch_frames", batch, "batch_interval", "20ms")) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(new Thread(() -> {
                    try {
                        for (int k = 0; k < tapes; k++) {
                            record(store, prefix + "-" + thread + "-" + k, seedOf(prefix, thread, k), frames);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (Thread w : workers) {
                w.join();
            }
        }
        if (failure.get() != null) {
            failure.get().printStackTrace();
            System.exit(1);
        }
        out.println("done");
    }

    private static void recorders(Path db, String prefix, int count, int frames, int every, Path gate,
                                  PrintStream out) throws Exception {
        out.println("ready");
        // Blocks until the parent releases its exclusive lock: every child starts at the same moment.
        try (FileChannel g = FileChannel.open(gate, StandardOpenOption.READ)) {
            g.lock(0, Long.MAX_VALUE, true).release();
        }
        Recorders.Outcome outcome = Recorders.run(db, prefix, count, frames, every);
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < outcome.commitNanos().length; i++) {
            report.append("commit ").append(outcome.commitNanos()[i]).append(' ').append(outcome.commitTurns()[i])
                    .append('\n');
        }
        for (String f : outcome.failures()) {
            report.append("failed ").append(f.replace('\n', ' ')).append('\n');
        }
        report.append("done ").append(outcome.started());
        out.println(report);
    }

    static long seedOf(String prefix, int thread, int tape) {
        return prefix.hashCode() * 31L * 31L + thread * 31L + tape;
    }

    static void record(SqliteTapeStore store, String id, long seed, int frames) {
        SampleMessages messages = new SampleMessages(seed);
        try (TapeWriter w = store.openWriter(TestTapes.header(id, id, TestTapes.T0))) {
            for (int i = 0; i < frames; i++) {
                w.append(TestTapes.nextFrame(messages, i));
            }
            w.finish(TapeStatus.FINALIZED);
        }
    }
}

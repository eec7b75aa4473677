package io.ectar.tape.internal;

import io.ectar.tape.BlockMode;
import io.ectar.tape.DriveReport;
import io.ectar.tape.TapeDirectory;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeException;
import io.ectar.tape.device.TapePosition;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drive of a set being written: a thread that takes records from a queue and writes them, so that
 * every drive streams at its own pace. The queue is bounded by a pool of record buffers: a producer
 * that runs ahead waits for a free buffer. A drive that fails is dropped: its thread keeps draining the
 * queue (returning buffers) but writes nothing more.
 *
 * <p>Why not a {@link io.ectar.internal.io.Handoff}: a drive's failure must not reach the producer. The set
 * goes on with the other drives (RAIT), so the producer keeps handing this drive its shards and the thread
 * keeps taking and dropping them, returning the buffers, until {@link #drain} or {@link #kill}; the
 * producer learns of the failure by asking ({@link #failed()}), between files, not from a {@code put}. The
 * bound is the pool of record buffers, not a count of tasks (a file's begin and end, filemarks and barriers
 * cost no buffer), and the starvation statistic needs to see the queue empty before a take. Nothing here
 * polls or waits with a timeout; {@link #kill} never interrupts (an interrupt during file I/O would close a
 * tape image's channel).
 *
 * <p>Who owns what: the device, {@code currentFile} and the statistics ({@code bytes}, {@code firstWrite},
 * {@code lastWrite}, {@code starved}) belong to the drive thread, and the producer reads the statistics only
 * after {@link #drain} (the barrier's future orders them); {@code failure}, {@code failedAtFile} and
 * {@code earlyWarning} are written by the drive thread and read by the producer (volatile); {@code aborted}
 * the other way round; {@code written} is a concurrent map the drive thread fills, read after
 * {@link #drain}. The producer takes buffers from {@code freeBuffers} and puts tasks on {@code queue}; the
 * drive thread takes the tasks and returns the buffers.
 */
public final class DriveWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DriveWriter.class);

    private sealed interface Task permits BeginFile, Record, EndFile, Filemark, Barrier {
    }

    private record BeginFile(long file) implements Task {
    }

    private record Record(byte[] buffer, int length) implements Task {
    }

    private record EndFile(long file, long length, long records, int crc32c) implements Task {
    }

    private record Filemark() implements Task {
    }

    private record Barrier(CompletableFuture<Void> done, boolean stop) implements Task {
    }

    public final int tape;
    public final TapeDevice device;
    private final int blockSize;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> freeBuffers;
    private final Map<Long, TapeDirectory.ShardOnTape> written = new ConcurrentHashMap<>();
    private final Thread thread;

    private volatile String failure;
    private volatile long failedAtFile = -1;
    private volatile boolean earlyWarning;
    private volatile boolean aborted;
    private long currentFile;
    private long bytes;
    private long firstWrite;
    private long lastWrite;
    private long starved;

    public DriveWriter(int tape, TapeDevice device, int blockSize, int queueRecords) {
        this.tape = tape;
        this.device = device;
        this.blockSize = blockSize;
        this.freeBuffers = new ArrayBlockingQueue<>(queueRecords);
        for (int i = 0; i < queueRecords; i++) {
            freeBuffers.add(new byte[blockSize]);
        }
        this.thread = new Thread(this::run, "ectar-tape-" + tape);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A stream for tape file {@code file}; discards everything when the drive was dropped. */
    public TapeShardOutput openFile(long file, BlockMode mode) throws IOException {
        put(new BeginFile(file));
        return new TapeShardOutput(new QueueSink(file), blockSize, mode);
    }

    /** Queues one more filemark (the second of the end-of-data double filemark). */
    public void writeFilemark() throws IOException {
        put(new Filemark());
    }

    /** Waits until everything queued so far has been written (or dropped); optionally ends the thread. */
    public void drain(boolean stop) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        put(new Barrier(done, stop));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + device.name());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Ends the thread after the record it is writing; queued work is dropped. Never interrupts it: an
     * interrupt during file I/O would close a tape image's channel under it.
     */
    public void kill() {
        if (!thread.isAlive()) {
            return;
        }
        aborted = true;
        queue.clear();
        queue.add(new Barrier(new CompletableFuture<>(), true));
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean failed() {
        return failure != null;
    }

    public String failure() {
        return failure;
    }

    public long failedAtFile() {
        return failedAtFile;
    }

    public boolean earlyWarning() {
        return earlyWarning;
    }

    /** What this tape holds of {@code file}, or null. Call after {@link #drain}. */
    public TapeDirectory.ShardOnTape written(long file) {
        return written.get(file);
    }

    /** Statistics; call after {@link #drain}. */
    public DriveReport report() {
        double seconds = lastWrite > firstWrite ? (lastWrite - firstWrite) / 1e9 : 0;
        return new DriveReport(tape, device.name(), bytes, seconds, starved / 1e9, failure);
    }

    private void put(Task task) throws IOException {
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing for " + device.name());
        }
    }

    private void run() {
        try {
            while (true) {
                long waitStart = queue.isEmpty() && firstWrite != 0 ? System.nanoTime() : 0;
                Task task = queue.take();
                if (waitStart != 0 && task instanceof Record) {
                    starved += System.nanoTime() - waitStart;
                }
                if (task instanceof Barrier barrier) {
                    barrier.done().complete(null);
                    if (barrier.stop()) {
                        return;
                    }
                    continue;
                }
                try {
                    perform(task);
                } catch (IOException | RuntimeException | Error e) {
                    // Whatever it is, the drive is dropped and the thread lives on to drain the queue.
                    fail(e);
                } finally {
                    if (task instanceof Record record) {
                        freeBuffers.add(record.buffer());
                    }
                }
            }
        } catch (InterruptedException e) {
            if (failure == null) {
                failure = "stopped";
            }
        }
    }

    private void perform(Task task) throws IOException {
        if (failure != null || aborted) {
            return;
        }
        if (task instanceof BeginFile begin) {
            currentFile = begin.file();
            TapePosition at = device.position();
            if (at.file() != begin.file() || at.block() != 0) {
                throw new TapeException(device.name(), device.name() + ": expected to be at file "
                        + begin.file() + " block 0 but the drive is at " + at);
            }
        } else if (task instanceof Record record) {
            long start = System.nanoTime();
            if (firstWrite == 0) {
                firstWrite = start;
            }
            earlyWarning |= device.writeRecord(record.buffer(), 0, record.length());
            bytes += record.length();
            lastWrite = System.nanoTime();
        } else if (task instanceof EndFile end) {
            device.writeFilemarks(1);
            written.put(end.file(), new TapeDirectory.ShardOnTape(end.length(), end.records(),
                    String.format("%08x", end.crc32c())));
            currentFile = end.file() + 1;
        } else if (task instanceof Filemark) {
            device.writeFilemarks(1);
        }
    }

    private void fail(Throwable e) {
        failedAtFile = currentFile;
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn("dropping tape {} ({}): {}", tape, device.name(), failure);
        LOG.debug("drive failure", e);
    }

    /** Hands a file's records to the drive thread. */
    private final class QueueSink implements RecordSink {
        private final long file;

        QueueSink(long file) {
            this.file = file;
        }

        @Override
        public byte[] newRecordBuffer(int size) throws IOException {
            try {
                return freeBuffers.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + device.name());
            }
        }

        @Override
        public void record(byte[] buffer, int length) throws IOException {
            put(new Record(buffer, length));
        }

        @Override
        public void endFile(long length, long records, int crc32c) throws IOException {
            put(new EndFile(file, length, records, crc32c));
        }

        @Override
        public boolean earlyWarning() {
            return earlyWarning;
        }
    }
}

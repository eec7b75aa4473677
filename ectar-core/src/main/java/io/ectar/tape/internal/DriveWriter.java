package io.ectar.tape.internal;

import io.ectar.tape.BlockMode;
import io.ectar.tape.DriveReport;
import io.ectar.tape.TapeDirectory;
import io.ectar.tape.TapeLabel;
import io.ectar.tape.VolumeTrailer;
import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.CartridgeCheck;
import io.ectar.tape.changer.VolumeSource;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeException;
import io.ectar.tape.device.TapePosition;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Spanning: with a {@link VolumeSource}, the drive thread changes cartridges itself (at the first file it
 * may start a volume with after early warning: see {@link #nextVolume}), so a change costs the other drives
 * nothing until this drive's queue is full and the producer waits for a buffer.
 *
 * <p>Who owns what: the device, {@code currentFile}, the volume bookkeeping ({@code volumes}, {@code onVolume},
 * {@code volume*}, {@code currentChunk}) and the statistics ({@code bytes}, {@code firstWrite},
 * {@code lastWrite}, {@code starved}, {@code switchNanos}) belong to the drive thread, and the producer reads
 * them only after {@link #drain} (the barrier's future orders them); {@code cartridge} is written by the
 * drive thread and read by the producer for names and by {@code close} after {@link #kill} (volatile);
 * {@code failure}, {@code failedAtFile} and
 * {@code earlyWarning} are written by the drive thread and read by the producer (volatile); {@code aborted}
 * the other way round; {@code written} is a concurrent map the drive thread fills, read after
 * {@link #drain}. The producer takes buffers from {@code freeBuffers} and puts tasks on {@code queue}; the
 * drive thread takes the tasks and returns the buffers.
 */
public final class DriveWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DriveWriter.class);

    private sealed interface Task permits BeginFile, Record, EndFile, Filemark, Barrier {
    }

    /** @param mayStartVolume whether a drive past early warning may change cartridges before this file */
    private record BeginFile(long file, int chunk, boolean mayStartVolume) implements Task {
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
    private final int blockSize;
    private final VolumeSource source;
    private final TapeLabel label;
    private final List<String> refused;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> freeBuffers;
    private final Map<Long, TapeDirectory.ShardOnTape> written = new ConcurrentHashMap<>();
    private final Thread thread;

    private volatile String failure;
    private volatile long failedAtFile = -1;
    private volatile boolean earlyWarning;
    private volatile boolean aborted;
    private volatile Cartridge cartridge;
    // The drive thread's, read by the producer after drain: the volumes written so far and the current one.
    private final List<TapeDirectory.Volume> volumes = new ArrayList<>();
    private final List<VolumeTrailer.VolumeFile> onVolume = new ArrayList<>();
    private int volume = 1;
    private long volumeFirstFile = 1;
    private int volumeFirstChunk;
    private int volumeLastChunk;
    private int currentChunk;
    private long switchNanos;
    private long currentFile;
    private long bytes;
    private long firstWrite;
    private long lastWrite;
    private long starved;

    /** A drive that writes one volume: at early warning the set ends. */
    public DriveWriter(int tape, TapeDevice device, int blockSize, int queueRecords) {
        this(tape, new Cartridge(device, null, null), null, null, null, blockSize, queueRecords);
    }

    /**
     * A drive that spans volumes when {@code source} is given: past early warning it finishes the file it is
     * writing, ends the volume with a {@link VolumeTrailer}, and goes on on the next cartridge {@code source}
     * gives that {@link CartridgeCheck} accepts.
     *
     * @param first the cartridge in the drive, already labelled as volume 1 with {@code label}
     * @param refused collects the cartridges passed over, one line each (shared by the drives)
     */
    public DriveWriter(int tape, Cartridge first, VolumeSource source, TapeLabel label, List<String> refused,
            int blockSize, int queueRecords) {
        this.tape = tape;
        this.cartridge = first;
        this.source = source;
        this.label = label;
        this.refused = refused;
        this.blockSize = blockSize;
        this.freeBuffers = new ArrayBlockingQueue<>(queueRecords);
        for (int i = 0; i < queueRecords; i++) {
            freeBuffers.add(new byte[blockSize]);
        }
        this.thread = new Thread(this::run, "ectar-tape-" + tape);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The drive holding the current cartridge. */
    public TapeDevice device() {
        return cartridge.device();
    }

    /** The cartridge in the drive now. */
    public Cartridge cartridge() {
        return cartridge;
    }

    /** Whether this drive changes cartridges at early warning instead of ending the set. */
    public boolean spans() {
        return source != null;
    }

    /**
     * A stream for logical tape file {@code file} (holding chunk {@code chunk}, or 0); discards everything
     * when the drive was dropped.
     *
     * @param mayStartVolume whether a drive past early warning may move to its next cartridge first
     */
    public TapeShardOutput openFile(long file, int chunk, boolean mayStartVolume, BlockMode mode) throws IOException {
        put(new BeginFile(file, chunk, mayStartVolume));
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
            throw new InterruptedIOException("interrupted while waiting for " + device().name());
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
        return new DriveReport(tape, device().name(), bytes, seconds, starved / 1e9, failure, volume,
                switchNanos / 1e9);
    }

    /**
     * The volumes this drive wrote, the current one ending with logical file {@code lastFile} (the
     * directory, about to be written); call after {@link #drain}.
     */
    public List<TapeDirectory.Volume> volumes(long lastFile) {
        List<TapeDirectory.Volume> all = new ArrayList<>(volumes);
        // A dropped drive's cartridge holds nothing usable from the file where it failed.
        all.add(current(failed() ? Math.max(volumeFirstFile, failedAtFile) - 1 : lastFile));
        return all;
    }

    private TapeDirectory.Volume current(long lastFile) {
        Cartridge c = cartridge;
        return new TapeDirectory.Volume(tape, volume, volumeFirstFile, lastFile, volumeFirstChunk, volumeLastChunk,
                c.slot(), c.barcode(), c.device().name());
    }

    private void put(Task task) throws IOException {
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing for " + device().name());
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
        TapeDevice device = cartridge.device();
        if (task instanceof BeginFile begin) {
            currentFile = begin.file();
            if (begin.mayStartVolume() && earlyWarning && source != null) {
                nextVolume(begin.file(), begin.chunk());
                device = cartridge.device();
            }
            currentChunk = begin.chunk();
            long physical = begin.file() - volumeFirstFile + 1;
            TapePosition at = device.position();
            if (at.file() != physical || at.block() != 0) {
                throw new TapeException(device.name(), device.name() + ": expected to be at file "
                        + physical + " block 0 (volume " + volume + ") but the drive is at " + at);
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
            String crc = String.format("%08x", end.crc32c());
            written.put(end.file(), new TapeDirectory.ShardOnTape(end.length(), end.records(), crc));
            onVolume.add(new VolumeTrailer.VolumeFile(end.file(), end.file() - volumeFirstFile + 1, currentChunk,
                    end.length(), end.records(), crc));
            if (currentChunk > 0) {
                volumeFirstChunk = volumeFirstChunk == 0 ? currentChunk : volumeFirstChunk;
                volumeLastChunk = currentChunk;
            }
            currentFile = end.file() + 1;
        } else if (task instanceof Filemark) {
            device.writeFilemarks(1);
        }
    }

    /**
     * Ends the current volume (trailer, end-of-data double filemark), gives its cartridge back, and labels the
     * next accepted cartridge as the next volume, starting with logical file {@code file}. A shard file is
     * never split: the one written when early warning came was finished on the old volume, in the
     * early-warning zone, so every volume holds whole shard files.
     */
    private void nextVolume(long file, int chunk) throws IOException {
        long start = System.nanoTime();
        TapeDevice old = cartridge.device();
        VolumeTrailer trailer = new VolumeTrailer(label.setId(), tape, volume, volumeFirstFile, onVolume);
        try (TapeShardOutput out = new TapeShardOutput(old, blockSize, label.blockMode())) {
            out.write(trailer.encode());
        }
        old.writeFilemarks(1);
        volumes.add(current(file - 1));
        // A volume of trailer files only starts "with" the chunk after the last one (see the label's first_chunk).
        int firstChunk = chunk > 0 ? chunk : Math.max(volumeLastChunk, currentChunk) + 1;
        LOG.info("tape {}: volume {} ({}) is past early warning: ending it after file {}", tape, volume,
                cartridge.describe(), file - 1);
        source.release(tape, cartridge);
        Cartridge next = CartridgeCheck.loadForWriting(source, tape, volume + 1, label.setId(), refused);
        cartridge = next;
        volume++;
        volumeFirstFile = file;
        volumeFirstChunk = 0;
        volumeLastChunk = 0;
        onVolume.clear();
        earlyWarning = false;
        TapeDevice device = next.device();
        device.rewind();
        try (TapeShardOutput out = new TapeShardOutput(device, blockSize, label.blockMode())) {
            out.write(label.forVolume(volume, file, firstChunk).encode());
        }
        switchNanos += System.nanoTime() - start;
        LOG.info("tape {}: volume {} on {}, from chunk {}", tape, volume, next.describe(), firstChunk);
    }

    private void fail(Throwable e) {
        failedAtFile = currentFile;
        failure = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn("dropping tape {} ({}): {}", tape, device().name(), failure);
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
                throw new InterruptedIOException("interrupted while waiting for " + device().name());
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

package io.ectar.tape;

import io.ectar.tape.changer.Cartridge;
import io.ectar.tape.changer.VolumeSource;
import io.ectar.tape.device.TapeDevice;
import io.ectar.tape.device.TapeDevices;
import io.ectar.tape.device.TapeException;
import io.ectar.tape.internal.DriveWriter;
import io.ectar.tape.internal.FilemarkReader;
import io.ectar.tape.internal.TapeShardOutput;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one archive to a set of k + m tape drives at once (RAIT): shard i of every chunk goes to drive
 * i, each drive has its own thread and bounded queue so that all of them stream in parallel, and the
 * tape layout of {@link TapeSetLayout} is kept on every tape.
 *
 * <p>Use: {@link #start}, then for each chunk 1, 2, ... {@link #openShard} for every shard (streams of one
 * chunk may be open together), then the trailer files ({@link #openIndexShard}, {@link #writeOnEveryTape}),
 * then {@link #finish()}, which writes the {@link TapeDirectory} and the end-of-data double filemark,
 * and {@link #close()}, which closes the drives.
 *
 * <p>A drive that fails is dropped and the set goes on while at least k drives remain; the directory
 * records which tape stopped where. With a {@link VolumeSource}, each drive spans cartridges on its own: past
 * early warning it finishes the shard file it is writing, ends the volume and goes on on the next cartridge
 * (see {@link DriveWriter}), while the other drives keep streaming from their queues. Without one, when a
 * drive reports early warning, {@link #earlyWarning()} turns true: the caller should finish the current
 * chunk and the trailer, which the early-warning zone has room for.
 */
public final class RaitShardWriter implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RaitShardWriter.class);

    /** Records queued per drive by default: 64 MiB at the default block size. */
    public static final int DEFAULT_QUEUE_RECORDS = 256;

    private final TapeLabel label;
    private final List<DriveWriter> drives;
    private final List<PlannedFile> files = new ArrayList<>();
    private final VolumeSource source;
    private final List<String> refused;
    private long nextFile = 1;
    private int currentChunk;
    private boolean finished;
    private TapeDirectory directory;

    private record PlannedFile(long file, TapeDirectory.Kind kind, int chunk) {
    }

    private RaitShardWriter(TapeLabel label, List<DriveWriter> drives, VolumeSource source, List<String> refused) {
        this.label = label;
        this.drives = drives;
        this.source = source;
        this.refused = refused;
    }

    /**
     * Rewinds every drive, checks that no tape holds data (unless {@code overwrite}), writes the labels
     * and starts one writer thread per drive.
     *
     * @param devices k + m drives; drive i gets shard i; the writer closes them
     * @param label the set's label; its tape index is replaced by each drive's
     * @param queueRecords records each drive may have queued
     * @throws TapeException when a tape holds data and {@code overwrite} is false, or a drive fails now
     */
    public static RaitShardWriter start(List<? extends TapeDevice> devices, TapeLabel label, boolean overwrite,
            int queueRecords) throws IOException {
        return start(devices.stream().map(d -> new Cartridge(d, null, null)).toList(), label, overwrite, queueRecords,
                null);
    }

    /**
     * As {@link #start(List, TapeLabel, boolean, int)}, on the cartridges in the drives now, and spanning
     * volumes when {@code next} is given: each drive past early warning takes its next cartridge from it.
     *
     * @param first the cartridge in each drive (drive i gets shard i); the writer closes or releases them
     * @param next where later cartridges come from, or null to end the set at early warning
     */
    public static RaitShardWriter start(List<Cartridge> first, TapeLabel label, boolean overwrite, int queueRecords,
            VolumeSource next) throws IOException {
        Objects.requireNonNull(label, "label");
        List<TapeDevice> devices = first.stream().map(Cartridge::device).toList();
        if (devices.size() != label.tapes()) {
            throw new IllegalArgumentException(devices.size() + " drives for a set of " + label.tapes()
                    + " tapes (k=" + label.dataShards() + " + m=" + label.parityShards() + ")");
        }
        TapeSetLayout.requireBlockSize(label.blockSize());
        if (queueRecords < 1) {
            throw new IllegalArgumentException("queue must hold at least one record");
        }
        onEveryDrive(devices, device -> {
            device.rewind();
            if (!overwrite) {
                refuseUsedTape(device);
            }
            return null;
        });
        if (devices.stream().distinct().count() != devices.size()) {
            throw new IllegalArgumentException("the same drive is given twice");
        }
        onEveryDrive(devices, device -> {
            device.rewind();
            TapeLabel own = label.forTape(devices.indexOf(device));
            try (TapeShardOutput out = new TapeShardOutput(device, label.blockSize(), label.blockMode())) {
                out.write(own.encode());
            }
            return null;
        });
        List<DriveWriter> drives = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            drives.add(new DriveWriter(i, first.get(i), next, label.forTape(i), refused, label.blockSize(),
                    queueRecords));
        }
        LOG.info("writing tape set {} on {} drives (k={}, m={}, block size {}{})", label.setId(), devices.size(),
                label.dataShards(), label.parityShards(), label.blockSize(),
                next == null ? "" : ", spanning cartridges from " + next.describe());
        return new RaitShardWriter(label, drives, next, refused);
    }

    private static void refuseUsedTape(TapeDevice device) throws IOException {
        FilemarkReader.FirstRecord first = FilemarkReader.readFirstRecord(device);
        int n = first.length();
        if (n == TapeDevice.END_OF_DATA) {
            return;
        }
        TapeLabel old = n > 0 ? TapeLabel.decode(first.bytes(), n) : null;
        throw new TapeException(device.name(), device.name() + " already holds data"
                + (old != null ? " (" + old + ")" : "") + "; pass --force to overwrite it");
    }

    /** The set's label (tape index 0). */
    public TapeLabel label() {
        return label;
    }

    /**
     * A stream for shard {@code shard} of chunk {@code chunk}: one tape file on drive {@code shard}.
     * Chunks come in order from 1; closing the stream ends the tape file (the bytes may still be queued).
     *
     * @throws RaitException when fewer than k drives are left
     */
    public OutputStream openShard(int chunk, int shard) throws IOException {
        if (chunk != currentChunk) {
            if (chunk != currentChunk + 1) {
                throw new IllegalStateException("chunk " + chunk + " after chunk " + currentChunk
                        + ": chunks go to tape in order from 1");
            }
            requireEnoughDrives();
            currentChunk = chunk;
            plan(TapeDirectory.Kind.CHUNK, chunk);
        }
        return open(shard);
    }

    /** A stream for shard {@code shard} of the erasure-coded archive index: one tape file on that drive. */
    public OutputStream openIndexShard(int shard) throws IOException {
        if (last() == null || last().kind() != TapeDirectory.Kind.INDEX_SHARD) {
            requireEnoughDrives();
            plan(TapeDirectory.Kind.INDEX_SHARD, 0);
        }
        return open(shard);
    }

    /** Writes {@code bytes} as one tape file on every drive still writing (recovery text, archive index). */
    public void writeOnEveryTape(TapeDirectory.Kind kind, byte[] bytes) throws IOException {
        if (kind == TapeDirectory.Kind.CHUNK || kind == TapeDirectory.Kind.INDEX_SHARD) {
            throw new IllegalArgumentException(kind + " files differ per tape");
        }
        requireEnoughDrives();
        plan(kind, 0);
        for (int i = 0; i < drives.size(); i++) {
            try (OutputStream out = open(i)) {
                out.write(bytes);
            }
        }
    }

    /**
     * Whether a drive that cannot change cartridges reported early warning: finish the current chunk and the
     * trailer, then stop. Never true when the set spans volumes.
     */
    public boolean earlyWarning() {
        return drives.stream().anyMatch(d -> !d.failed() && !d.spans() && d.earlyWarning());
    }

    /** The drives dropped so far, as "tape N (device): reason". */
    public List<String> droppedDrives() {
        return drives.stream().filter(DriveWriter::failed)
                .map(d -> "tape " + d.tape + " (" + d.device().name() + "): " + d.failure()).toList();
    }

    /** The cartridges passed over so far (write-protected, of this or another set, failed to load), one line each. */
    public List<String> refusedCartridges() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    /**
     * Waits for every queued record, then says which chunk shards are lost: shard i of every chunk from
     * the one where drive i failed on.
     *
     * @return chunk number to the shard numbers lost
     */
    public Map<Integer, Set<Integer>> lostChunkShards() throws IOException {
        for (DriveWriter d : drives) {
            d.drain(false);
        }
        Map<Integer, Set<Integer>> lost = new TreeMap<>();
        for (DriveWriter d : drives) {
            if (d.failed()) {
                for (PlannedFile f : files) {
                    if (f.kind() == TapeDirectory.Kind.CHUNK && f.file() >= d.failedAtFile()) {
                        lost.computeIfAbsent(f.chunk(), c -> new TreeSet<>()).add(d.tape);
                    }
                }
            }
        }
        return lost;
    }

    /**
     * Waits for every queued record, writes the directory and the end-of-data filemark on every drive
     * still writing, and reports.
     *
     * @throws RaitException when fewer than k tapes hold the whole set
     */
    public List<DriveReport> finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        for (DriveWriter d : drives) {
            d.drain(false);
        }
        boolean endedEarly = earlyWarning();
        directory = buildDirectory(endedEarly);
        byte[] bytes = directory.encode();
        for (DriveWriter d : drives) {
            if (!d.failed()) {
                // The directory describes the volume it is on: it never starts one.
                try (OutputStream out = d.openFile(nextFile, 0, false, label.blockMode())) {
                    out.write(bytes);
                }
                d.writeFilemark();
            }
        }
        List<DriveReport> reports = new ArrayList<>();
        for (DriveWriter d : drives) {
            d.drain(true);
            reports.add(d.report());
        }
        long complete = reports.stream().filter(DriveReport::ok).count();
        if (complete < label.dataShards()) {
            throw new RaitException("only " + complete + " of " + drives.size() + " tapes were written completely,"
                    + " but " + label.dataShards() + " are needed: the tape set is NOT usable; "
                    + String.join("; ", droppedDrives()));
        }
        return reports;
    }

    /** The directory written by {@link #finish()}. */
    public TapeDirectory directory() {
        if (directory == null) {
            throw new IllegalStateException("finish() first");
        }
        return directory;
    }

    /**
     * Stops the writer threads (discarding queued work unless finished) and closes every drive; with a
     * volume source, its cartridges go back (to their slots).
     */
    @Override
    public void close() throws IOException {
        drives.forEach(DriveWriter::kill);
        if (source == null) {
            TapeDevices.closeAll(drives.stream().map(DriveWriter::device).toList());
            return;
        }
        IOException first = null;
        for (DriveWriter d : drives) {
            try {
                source.release(d.tape, d.cartridge());
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private OutputStream open(int shard) throws IOException {
        Objects.checkIndex(shard, drives.size());
        DriveWriter drive = drives.get(shard);
        if (drive.failed()) {
            return OutputStream.nullOutputStream();
        }
        return drive.openFile(last().file(), last().chunk(), true, label.blockMode());
    }

    private void plan(TapeDirectory.Kind kind, int chunk) {
        if (finished) {
            throw new IllegalStateException("the tape set is finished");
        }
        files.add(new PlannedFile(nextFile++, kind, chunk));
    }

    private PlannedFile last() {
        return files.isEmpty() ? null : files.get(files.size() - 1);
    }

    private void requireEnoughDrives() throws RaitException {
        long alive = drives.stream().filter(d -> !d.failed()).count();
        if (alive < label.dataShards()) {
            throw new RaitException("only " + alive + " of " + drives.size() + " drives are still writing, but "
                    + label.dataShards() + " are needed: " + String.join("; ", droppedDrives()));
        }
    }

    private TapeDirectory buildDirectory(boolean endedEarly) {
        List<TapeDirectory.TapeFile> entries = new ArrayList<>();
        for (PlannedFile f : files) {
            List<TapeDirectory.ShardOnTape> shards = new ArrayList<>();
            for (DriveWriter d : drives) {
                boolean lost = d.failed() && d.failedAtFile() <= f.file();
                shards.add(lost ? null : d.written(f.file()));
            }
            entries.add(TapeDirectory.TapeFile.of(f.file(), f.kind(), f.chunk(), shards));
        }
        List<TapeDirectory.DroppedTape> dropped = drives.stream().filter(DriveWriter::failed)
                .map(d -> new TapeDirectory.DroppedTape(d.tape, d.failedAtFile(), d.failure())).toList();
        List<TapeDirectory.Volume> volumes = new ArrayList<>();
        for (DriveWriter d : drives) {
            volumes.addAll(d.volumes(nextFile));
        }
        return new TapeDirectory(label.setId(), label.dataShards(), label.parityShards(), label.blockSize(),
                label.blockMode(), entries, dropped, endedEarly, volumes);
    }

    /** Runs {@code action} on every drive at once (rewinds take minutes on real drives). */
    private static void onEveryDrive(List<? extends TapeDevice> devices, DriveAction action) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(devices.size());
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (TapeDevice device : devices) {
                Callable<Void> call = () -> action.apply(device);
                results.add(pool.submit(call));
            }
            List<IOException> failures = new ArrayList<>();
            for (Future<Void> f : results) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while preparing the drives");
                }
            }
            if (!failures.isEmpty()) {
                IOException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface DriveAction {
        Void apply(TapeDevice device) throws IOException;
    }
}

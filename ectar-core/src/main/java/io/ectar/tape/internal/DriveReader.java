package io.ectar.tape.internal;

import io.ectar.tape.TapeDirectory;
import io.ectar.tape.device.MediumErrorException;
import io.ectar.tape.device.TapeDevice;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one tape's shards of a run of chunks on a thread of its own, a few chunks ahead of the consumer
 * (bounded by permits the consumer hands back). A damaged file is reported and skipped; a drive that
 * fails is reported once and the thread ends.
 *
 * <p>Why not a {@link io.ectar.internal.io.Handoff}: the readers of all tapes feed one queue, which the
 * consumer takes from in arrival order (it hands a chunk out as soon as any k shards are in), while each
 * reader's read-ahead is bounded by credits the consumer gives back through {@link #consumed()} once it is
 * done with a result, not when it takes it (results of later chunks wait in the consumer). A one-producer
 * hand-off per tape would make the consumer wait on one tape at a time.
 *
 * <p>Who owns what: the device, the buffer and the position belong to this reader's thread; {@code permits}
 * is written by both (the consumer releases, the thread acquires); {@code stopped} is written by the
 * consumer, read by the thread (volatile).
 */
public final class DriveReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DriveReader.class);

    /** What the drive found for one chunk: its shard, a problem with it, or that the drive died there. */
    public sealed interface Result {
        int tape();

        int chunk();
    }

    /** Tape {@code tape}'s good shard of {@code chunk}. */
    public record Shard(int tape, int chunk, byte[] data) implements Result {
    }

    /** Tape {@code tape} has no good shard of {@code chunk} (dropped while writing, damaged); reading goes on. */
    public record Missing(int tape, int chunk, String problem) implements Result {
    }

    /** The drive failed at {@code chunk}: no more results come from it. */
    public record Dead(int tape, int chunk, String problem) implements Result {
    }

    private final int tape;
    private final TapeVolumes volumes;
    private final TapeDirectory directory;
    private final int first;
    private final int last;
    private final BlockingQueue<Result> results;
    private final Semaphore permits;
    private volatile boolean stopped;

    public DriveReader(int tape, TapeVolumes volumes, TapeDirectory directory, int first, int last,
            BlockingQueue<Result> results, int readAhead) {
        this.tape = tape;
        this.volumes = volumes;
        this.directory = directory;
        this.first = first;
        this.last = last;
        this.results = results;
        this.permits = new Semaphore(readAhead);
    }

    /** The consumer is done with one result of this reader: it may read one more chunk ahead. */
    public void consumed() {
        permits.release();
    }

    /** Asks the thread to end after the file it is reading; never interrupts its I/O. */
    public void stop() {
        stopped = true;
        permits.release(Integer.MAX_VALUE / 2);
    }

    @Override
    public void run() {
        byte[] buffer = new byte[directory.blockSize()];
        boolean positioned = false;
        int mounted = 0;
        TapeDevice device = null;
        int chunk = first;
        List<TapeDirectory.Volume> own = directory.volumesOf(tape);
        try {
            for (; chunk <= last; chunk++) {
                permits.acquire();
                if (stopped) {
                    return;
                }
                TapeDirectory.TapeFile file = directory.chunks().get(chunk - 1);
                TapeDirectory.ShardOnTape expected = file.shard(tape);
                if (expected == null) {
                    results.put(new Missing(tape, chunk, "tape " + tape + " (" + volumes.describe()
                            + ") holds no shard of chunk " + chunk + " (dropped while writing)"));
                    positioned = false;
                    continue;
                }
                TapeDirectory.Location at = directory.locate(tape, file.file());
                if (at.volume() != mounted) {
                    TapeDirectory.Volume v = own.get(at.volume() - 1);
                    device = volumes.mount(at.volume(), v.slot(), v.barcode());
                    mounted = at.volume();
                    positioned = false;
                }
                if (device == null) {
                    results.put(new Missing(tape, chunk, "tape " + tape + ": chunk " + chunk + " is on "
                            + own.get(at.volume() - 1).describe() + ": " + volumes.missing(at.volume())));
                    continue;
                }
                if (!positioned) {
                    FilemarkReader.goToFile(device, at.physicalFile());
                    positioned = true;
                }
                try {
                    byte[] data =
                            FilemarkReader.readChecked(device, buffer, expected, at.physicalFile(),
                                    directory.blockMode());
                    results.put(new Shard(tape, chunk, data));
                } catch (FilemarkReader.ShardDamagedException | MediumErrorException e) {
                    LOG.warn("tape {}: chunk {}: {}", tape, chunk, e.getMessage());
                    results.put(new Missing(tape, chunk, "tape " + tape + ": " + e.getMessage()));
                    positioned = !(e instanceof MediumErrorException);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.warn("tape {} ({}) failed at chunk {}: {}", tape, volumes.describe(), chunk, e.getMessage());
            results.add(new Dead(tape, chunk, "tape " + tape + " (" + volumes.describe() + ") failed: "
                    + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

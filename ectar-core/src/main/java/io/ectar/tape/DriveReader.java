package io.ectar.tape;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one tape's shards of a run of chunks on a thread of its own, a few chunks ahead of the consumer
 * (bounded by permits the consumer hands back). A damaged file is reported and skipped; a drive that
 * fails is reported once and the thread ends.
 */
final class DriveReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DriveReader.class);

    /** What the drive found for one chunk, or that it died ({@code data == null}, {@code dead}). */
    record Result(int tape, int chunk, byte[] data, String problem, boolean dead) {
    }

    private final int tape;
    private final TapeDevice device;
    private final TapeDirectory directory;
    private final int first;
    private final int last;
    private final BlockingQueue<Result> results;
    final Semaphore permits;
    private volatile boolean stopped;

    DriveReader(int tape, TapeDevice device, TapeDirectory directory, int first, int last,
            BlockingQueue<Result> results, int readAhead) {
        this.tape = tape;
        this.device = device;
        this.directory = directory;
        this.first = first;
        this.last = last;
        this.results = results;
        this.permits = new Semaphore(readAhead);
    }

    /** Asks the thread to end after the file it is reading; never interrupts its I/O. */
    void stop() {
        stopped = true;
        permits.release(Integer.MAX_VALUE / 2);
    }

    @Override
    public void run() {
        byte[] buffer = new byte[directory.blockSize()];
        boolean positioned = false;
        int chunk = first;
        try {
            for (; chunk <= last; chunk++) {
                permits.acquire();
                if (stopped) {
                    return;
                }
                TapeDirectory.TapeFile file = directory.chunks().get(chunk - 1);
                TapeDirectory.ShardOnTape expected = file.shard(tape);
                if (expected == null) {
                    results.put(new Result(tape, chunk, null, "tape " + tape + " (" + device.name()
                            + ") holds no shard of chunk " + chunk + " (dropped while writing)", false));
                    positioned = false;
                    continue;
                }
                if (!positioned) {
                    FilemarkReader.goToFile(device, file.file());
                    positioned = true;
                }
                try {
                    byte[] data =
                            FilemarkReader.readChecked(device, buffer, expected, file.file(), directory.blockMode());
                    results.put(new Result(tape, chunk, data, null, false));
                } catch (FilemarkReader.ShardDamagedException | MediumErrorException e) {
                    LOG.warn("tape {}: chunk {}: {}", tape, chunk, e.getMessage());
                    results.put(new Result(tape, chunk, null, "tape " + tape + ": " + e.getMessage(), false));
                    positioned = !(e instanceof MediumErrorException);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.warn("tape {} ({}) failed at chunk {}: {}", tape, device.name(), chunk, e.getMessage());
            results.add(new Result(tape, chunk, null, "tape " + tape + " (" + device.name() + ") failed: "
                    + e.getMessage(), true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

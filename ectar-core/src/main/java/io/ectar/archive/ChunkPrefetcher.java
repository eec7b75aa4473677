package io.ectar.archive;

import io.ectar.internal.io.Failures;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and rebuilds chunks 1..n in order on a background thread, a bounded number ahead of the consumer,
 * so shard reading, checking and decoding overlap with decompression ({@link ChunkDecompressor}) and file
 * writing.
 */
final class ChunkPrefetcher implements AutoCloseable {

    private record Item(RecoveredChunk chunk, Throwable failure) {
    }

    private final BlockingQueue<Item> queue;
    private final Thread thread;
    private final int count;
    private int taken;

    ChunkPrefetcher(ChunkReader reader, int count, boolean checkAll, int ahead) {
        this.count = count;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, ahead));
        this.thread = new Thread(() -> {
            try {
                for (int n = 1; n <= count; n++) {
                    queue.put(new Item(reader.read(n, checkAll), null));
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException | Error e) {
                try {
                    queue.put(new Item(null, e));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "ectar-chunk-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next chunk in order, or null after the last. */
    RecoveredChunk next() throws IOException {
        if (taken >= count) {
            return null;
        }
        Item item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading chunks");
        }
        if (item.failure() != null) {
            taken = count;
            throw Failures.rethrow(item.failure());
        }
        taken++;
        return item.chunk();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}

package io.ectar.archive.internal.read;

import io.ectar.internal.io.Handoff;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Reads and rebuilds chunks 1..n in order on a background thread, a bounded number ahead of the consumer,
 * so shard reading, checking and decoding overlap with decompression ({@link ChunkDecompressor}) and file
 * writing.
 *
 * <p>The chunks travel through a {@link Handoff}; a read failure reaches the consumer in stream position.
 * Who owns what: the {@link ChunkReader} belongs to the {@code ectar-chunk-reader} thread; {@code taken}
 * to the consumer's thread.
 */
public final class ChunkPrefetcher implements AutoCloseable {

    private final Handoff<RecoveredChunk> chunks;
    private final Thread thread;
    private final int count;
    private int taken;

    ChunkPrefetcher(ChunkReader reader, int count, boolean checkAll, int ahead) {
        this.count = count;
        this.chunks = new Handoff<>(Math.max(1, ahead));
        this.thread = new Thread(() -> {
            try {
                for (int n = 1; n <= count; n++) {
                    chunks.put(reader.read(n, checkAll));
                }
                chunks.finish();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } catch (Handoff.ClosedException stop) {
                // the consumer closed: nothing more to read
            } catch (IOException | RuntimeException | Error e) {
                chunks.producerFailed(e);
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
        RecoveredChunk chunk;
        try {
            chunk = chunks.take().orElseThrow(); // the reader puts all count chunks or fails
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading chunks");
        } catch (IOException | RuntimeException | Error e) {
            taken = count;
            throw e;
        }
        taken++;
        return chunk;
    }

    @Override
    public void close() {
        chunks.close();
        thread.interrupt();
    }
}

package io.ectar.archive.internal.read;

import io.ectar.archive.ChunkHealth;
import io.ectar.internal.io.BulkInputStream;
import io.ectar.internal.io.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Turns the recovered chunks into their slices of the tar stream on a background thread, so that
 * decompression overlaps with the consumer's tar parsing and file writing.
 *
 * <p>The slices are handed over in pieces held in a fixed pool of buffers: however large a chunk, no more
 * than {@code pieces x pieceSize} bytes of decompressed data are ever waiting, and the buffers are reused.
 * A chunk's compressed payload is dropped as soon as it is decompressed. A failure (of reading a chunk, or
 * of its zstd frame) reaches the consumer exactly where it happened: after every byte before it.
 */
public final class ChunkDecompressor implements AutoCloseable {

    /** One chunk's slice: {@code data} is null when the chunk is lost. */
    record Slice(ChunkHealth health, long uncompressedOffset, InputStream data) {

        boolean lost() {
            return data == null;
        }
    }

    private sealed interface Item permits Start, Piece, EndOfChunk, Failure {
    }

    private record Start(ChunkHealth health, long uncompressedOffset, boolean lost) implements Item {
    }

    private record Piece(byte[] buffer, int length) implements Item {
    }

    private record EndOfChunk() implements Item {
    }

    private record Failure(Throwable cause) implements Item {
    }

    private static final EndOfChunk END_OF_CHUNK = new EndOfChunk();

    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Item> queue;
    private final Thread thread;
    private final int count;
    private int started;
    private SliceStream open;
    private boolean failed;

    /**
     * Starts decompressing {@code count} chunks from {@code chunks}.
     *
     * @param pieces    the number of buffers (at least 2, so that one can fill while one is read)
     * @param pieceSize the size of each buffer
     */
    ChunkDecompressor(ChunkPrefetcher chunks, ChunkReader reader, int count, int pieces, int pieceSize) {
        if (pieces < 2 || pieceSize < 1) {
            throw new IllegalArgumentException("need at least 2 pieces of at least 1 byte, got " + pieces + " of "
                    + pieceSize);
        }
        this.count = count;
        this.free = new ArrayBlockingQueue<>(pieces);
        for (int i = 0; i < pieces; i++) {
            free.add(new byte[pieceSize]);
        }
        // Every piece, plus a start and an end per chunk in flight: put() blocks only when the consumer lags.
        this.queue = new ArrayBlockingQueue<>(2 * pieces + 4);
        this.thread = new Thread(() -> run(chunks, reader), "ectar-chunk-decompressor");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ChunkPrefetcher chunks, ChunkReader reader) {
        try (chunks) {
            for (int n = 1; n <= count; n++) {
                RecoveredChunk c = chunks.next();
                if (c == null) {
                    break;
                }
                queue.put(new Start(c.health(), c.uncompressedOffset(), c.lost()));
                if (!c.lost()) {
                    // Read the payload through the stream only: once it is decompressed, c can be collected
                    // and its buffers reused.
                    InputStream slice = reader.open(c);
                    Runnable release = c.releaser();
                    c = null;
                    try {
                        fill(slice);
                    } finally {
                        release.run();
                    }
                    queue.put(END_OF_CHUNK);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            try {
                queue.put(new Failure(e));
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Decompresses one slice into pieces; a partly filled piece is handed over before a failure. */
    private void fill(InputStream slice) throws IOException, InterruptedException {
        try (slice) {
            while (true) {
                byte[] buffer = free.take();
                int length = 0;
                try {
                    while (length < buffer.length) {
                        int n = slice.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            break;
                        }
                        length += n;
                    }
                } catch (IOException | RuntimeException e) {
                    if (length > 0) {
                        queue.put(new Piece(buffer, length));
                    }
                    throw e;
                }
                if (length == 0) {
                    free.add(buffer);
                    return;
                }
                queue.put(new Piece(buffer, length));
                if (length < buffer.length) {
                    return;
                }
            }
        }
    }

    /**
     * The next chunk's slice in order, or null after the last. Whatever the previous slice's stream did not
     * read is skipped.
     */
    Slice next() throws IOException {
        if (open != null) {
            open.drain();
        }
        if (failed || started >= count) {
            return null;
        }
        Item item = take();
        if (item instanceof Failure f) {
            throw rethrow(f);
        }
        if (!(item instanceof Start s)) {
            throw new IllegalStateException("chunk decompressor out of step: " + item);
        }
        started++;
        if (s.lost()) {
            return new Slice(s.health(), s.uncompressedOffset(), null);
        }
        open = new SliceStream();
        return new Slice(s.health(), s.uncompressedOffset(), open);
    }

    private Item take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing chunks");
        }
    }

    private IOException rethrow(Failure f) {
        failed = true;
        return Failures.rethrow(f.cause());
    }

    /** Reads one chunk's pieces; -1 at the chunk's end. */
    private final class SliceStream extends BulkInputStream {

        private byte[] buffer;
        private int position;
        private int length;
        private boolean ended;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (buffer == null || position == length) {
                if (!nextPiece()) {
                    return -1;
                }
            }
            int n = Math.min(len, length - position);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            return n;
        }

        /** Moves to the next piece (recycling the current one); false at the chunk's end. */
        private boolean nextPiece() throws IOException {
            recycle();
            if (ended) {
                return false;
            }
            Item item = take();
            if (item instanceof Piece p) {
                buffer = p.buffer();
                position = 0;
                length = p.length();
                return true;
            }
            ended = true;
            open = null;
            if (item instanceof Failure f) {
                throw rethrow(f);
            }
            if (!(item instanceof EndOfChunk)) {
                throw new IllegalStateException("chunk decompressor out of step: " + item);
            }
            return false;
        }

        private void recycle() {
            if (buffer != null) {
                free.add(buffer);
                buffer = null;
            }
        }

        /** Skips what is left of this chunk. */
        void drain() throws IOException {
            while (nextPiece()) {
                // each piece goes straight back to the pool
            }
        }

        @Override
        public void close() {
            // The rest of the chunk is skipped by the next call to next().
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}

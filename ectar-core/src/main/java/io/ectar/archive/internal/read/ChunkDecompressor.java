package io.ectar.archive.internal.read;

import io.ectar.archive.ChunkHealth;
import io.ectar.internal.io.BulkInputStream;
import io.ectar.internal.io.Handoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Turns the recovered chunks into their slices of the tar stream on a background thread, so that
 * decompression overlaps with the consumer's tar parsing and file writing.
 *
 * <p>The slices are handed over in pieces held in a fixed pool of buffers: however large a chunk, no more
 * than {@code pieces x pieceSize} bytes of decompressed data are ever waiting, and the buffers are reused.
 * A chunk's compressed payload is dropped as soon as it is decompressed. A failure (of reading a chunk, or
 * of its zstd frame) reaches the consumer exactly where it happened: after every byte before it.
 *
 * <p>Two {@link Handoff}s connect the threads, as in {@code ChunkStream}: {@code items} carries each chunk's
 * start, its pieces and its end to the consumer (and a failure, in stream position), {@code free} brings the
 * read pieces back. {@link #close()} ends both and the prefetcher, which wakes the decompressor wherever it
 * waits: no interrupts, no polling.
 *
 * <p>Who owns what: {@code spare} belongs to the {@code ectar-chunk-decompressor} thread, as do the
 * {@link ChunkPrefetcher} and the {@link ChunkReader} it reads through; {@code started}, {@code open},
 * {@code failed} and the {@link SliceStream}'s fields to the consumer's thread. A piece buffer belongs to
 * whichever side last took it from a hand-off.
 */
public final class ChunkDecompressor implements AutoCloseable {

    /** One chunk's slice: {@code data} is null when the chunk is lost. */
    record Slice(ChunkHealth health, long uncompressedOffset, InputStream data) {

        boolean lost() {
            return data == null;
        }
    }

    private sealed interface Item permits Start, Piece, EndOfChunk {
    }

    private record Start(ChunkHealth health, long uncompressedOffset, boolean lost) implements Item {
    }

    private record Piece(byte[] buffer, int length) implements Item {
    }

    private record EndOfChunk() implements Item {
    }

    private static final EndOfChunk END_OF_CHUNK = new EndOfChunk();

    /** Read pieces, consumer to decompressor; never more than {@code pieces} buffers exist. */
    private final Handoff<byte[]> free;
    /** Chunk starts, pieces and ends, decompressor to consumer. */
    private final Handoff<Item> items;
    private final ChunkPrefetcher chunks;
    private final int count;
    // The decompressor's side: a buffer taken from free but not filled (the last slice ended at a piece's end).
    private byte[] spare;
    // The consumer's side.
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
        this.chunks = chunks;
        this.free = new Handoff<>(pieces);
        try {
            for (int i = 0; i < pieces; i++) {
                free.put(new byte[pieceSize]); // room for all: never waits
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("a new hand-off refused a piece", e);
        }
        // Every piece, plus a start and an end per chunk in flight: put() blocks only when the consumer lags.
        this.items = new Handoff<>(2 * pieces + 4);
        Thread thread = new Thread(() -> run(reader), "ectar-chunk-decompressor");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ChunkReader reader) {
        try (chunks) {
            for (int n = 1; n <= count; n++) {
                RecoveredChunk c = chunks.next();
                if (c == null) {
                    break;
                }
                items.put(new Start(c.health(), c.uncompressedOffset(), c.lost()));
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
                    items.put(END_OF_CHUNK);
                }
            }
            items.finish();
        } catch (Handoff.ClosedException | Closed stop) {
            // the consumer closed: nothing more to decompress
        } catch (InterruptedException e) {
            // nothing here interrupts this thread; should anything, the consumer must not wait in vain
            items.producerFailed(new InterruptedIOException("decompression was interrupted"));
        } catch (IOException | RuntimeException | Error e) {
            items.producerFailed(e);
        }
    }

    /** Decompresses one slice into pieces; a partly filled piece is handed over before a failure. */
    private void fill(InputStream slice) throws IOException, InterruptedException {
        try (slice) {
            while (true) {
                byte[] buffer = spare != null ? spare : free.take().orElseThrow(Closed::new);
                spare = null;
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
                        items.put(new Piece(buffer, length));
                    }
                    throw e;
                }
                if (length == 0) {
                    spare = buffer;
                    return;
                }
                items.put(new Piece(buffer, length));
                if (length < buffer.length) {
                    return;
                }
            }
        }
    }

    /** The consumer {@linkplain #close() closed} while the decompressor waited for a free piece. */
    private static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super(null, null, false, false);
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

    /** The next item; the decompressor's failure, once it comes, is thrown and ends the stream for good. */
    private Item take() throws IOException {
        try {
            // The decompressor finishes only after the last chunk's end, which the consumer never reads past.
            return items.take().orElseThrow(() -> new IllegalStateException("chunk decompressor out of step:"
                    + " it ended before chunk " + (started + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing chunks");
        } catch (IOException | RuntimeException | Error e) {
            failed = true;
            throw e;
        }
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
            Item item;
            try {
                item = take();
            } catch (IOException | RuntimeException | Error e) {
                ended = true;
                open = null;
                throw e;
            }
            if (item instanceof Piece p) {
                buffer = p.buffer();
                position = 0;
                length = p.length();
                return true;
            }
            ended = true;
            open = null;
            if (!(item instanceof EndOfChunk)) {
                throw new IllegalStateException("chunk decompressor out of step: " + item);
            }
            return false;
        }

        private void recycle() throws IOException {
            if (buffer != null) {
                byte[] b = buffer;
                buffer = null;
                try {
                    free.put(b); // never waits: free has room for every piece
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while decompressing chunks");
                }
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

    /** Stops the decompressor and the prefetcher behind it, wherever they wait; what they hold is dropped. */
    @Override
    public void close() {
        items.close();
        free.finish();
        chunks.close();
    }
}

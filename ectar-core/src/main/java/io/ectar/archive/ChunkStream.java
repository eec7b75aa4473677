package io.ectar.archive;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The tar stream, cut into chunks. Every chunk becomes one payload: a zstd frame with a content checksum
 * (or the plain slice when compression is off), handed to {@code sink} as soon as the chunk is full or cut.
 *
 * <p>The tar writer calls {@link #startEntry} before each entry, which starts a new chunk when the entry
 * would not fit in what is left of this one but fits in a whole chunk; larger entries simply continue into
 * the next chunk. Chunk capacity is a multiple of 512, so every chunk starts on a tar record boundary
 * (which lets a reader find the next header after a lost chunk).
 *
 * <p>Memory is bounded: one zstd context (with its worker threads) serves every chunk, and payloads are
 * written into a fixed pool of buffers that come back when the sink {@linkplain ChunkPayload#release()
 * releases} a payload; when both are in use, writing waits.
 */
final class ChunkStream extends OutputStream {

    /** Receives finished chunks; may block to bound memory. */
    interface Sink {
        void accept(ChunkPayload payload) throws IOException;
    }

    private static final int STAGING = 1 << 20;
    private static final int BUFFERS = 2;

    private final long capacity;
    private final boolean compress;
    private final Sink sink;
    private final ZstdCompressCtx zstd;
    private final ByteBuffer staging;
    private final ByteBuffer compressed;
    private final BlockingQueue<byte[]> pool = new ArrayBlockingQueue<>(BUFFERS);
    private int buffersMade;

    private int chunkNumber;
    private long chunkStart;
    private long inChunk;
    private long position;
    private byte[] payload;
    private int payloadLength;
    private boolean closed;

    /**
     * @param chunkSize most tar bytes per chunk (rounded down to a multiple of 512)
     * @param level     zstd level, or 0 for no compression
     * @param workers   zstd worker threads (0 = compress on the calling thread)
     */
    ChunkStream(long chunkSize, int level, int workers, Sink sink) {
        this.capacity = chunkSize - chunkSize % 512;
        if (capacity < 512) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is below 512 bytes");
        }
        this.compress = level > 0;
        this.sink = sink;
        this.staging = ByteBuffer.allocateDirect((int) Math.min(STAGING, capacity));
        if (compress) {
            zstd = new ZstdCompressCtx();
            zstd.setLevel(level);
            zstd.setChecksum(true);
            if (workers > 0) {
                zstd.setWorkers(workers);
            }
            compressed = ByteBuffer.allocateDirect(STAGING);
        } else {
            zstd = null;
            compressed = null;
        }
    }

    /** Bytes written so far: the offset in the whole tar stream of the next byte. */
    long position() {
        return position;
    }

    /** The chunk the next byte goes to. */
    int currentChunk() {
        return inChunk == 0 ? chunkNumber + 1 : chunkNumber;
    }

    /** Called before an entry of about {@code entryBytes} tar bytes: cuts the chunk if the entry would not fit. */
    void startEntry(long entryBytes) throws IOException {
        if (inChunk > 0 && inChunk + entryBytes > capacity && entryBytes <= capacity) {
            endChunk();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (payload == null) {
                beginChunk();
            }
            int n = (int) Math.min(len, Math.min(capacity - inChunk, staging.remaining()));
            staging.put(b, off, n);
            inChunk += n;
            position += n;
            off += n;
            len -= n;
            if (!staging.hasRemaining()) {
                drainStaging(EndDirective.CONTINUE);
            }
            if (inChunk == capacity) {
                endChunk();
            }
        }
    }

    /** Ends the last chunk and hands it over. */
    void finish() throws IOException {
        if (inChunk > 0) {
            endChunk();
        }
    }

    /** Releases the compressor; a chunk not {@linkplain #finish() finished} is dropped. */
    @Override
    public void close() {
        if (zstd != null && !closed) {
            zstd.close();
        }
        closed = true;
    }

    private void beginChunk() throws IOException {
        chunkNumber++;
        chunkStart = position;
        payload = pool.poll();
        if (payload == null && buffersMade < BUFFERS) {
            buffersMade++;
            payload = new byte[(int) Math.min(capacity + (capacity >> 7) + (64 << 10), 1 << 20)];
        } else if (payload == null) {
            try {
                payload = pool.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a chunk buffer");
            }
        }
        payloadLength = 0;
    }

    private void drainStaging(EndDirective directive) throws IOException {
        staging.flip();
        if (!compress) {
            append(staging);
        } else {
            boolean done;
            do {
                done = zstd.compressDirectByteBufferStream(compressed, staging, directive);
                compressed.flip();
                append(compressed);
                compressed.clear();
            } while (staging.hasRemaining() || directive == EndDirective.END && !done);
        }
        staging.clear();
    }

    private void append(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (payloadLength + n > payload.length) {
            long wanted = Math.max((long) payloadLength + n, Math.min((long) payload.length * 2,
                    capacity + (capacity >> 7) + (64 << 10)));
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("chunk payload over 2 GiB; use a smaller --chunk-size");
            }
            payload = Arrays.copyOf(payload, (int) wanted);
        }
        bytes.get(payload, payloadLength, n);
        payloadLength += n;
    }

    private void endChunk() throws IOException {
        drainStaging(EndDirective.END);
        byte[] buffer = payload;
        ChunkPayload done = new ChunkPayload(chunkNumber, buffer, payloadLength, chunkStart, inChunk,
                () -> pool.offer(buffer));
        payload = null;
        inChunk = 0;
        sink.accept(done);
    }
}

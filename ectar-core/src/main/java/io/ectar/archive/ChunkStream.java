package io.ectar.archive;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The tar stream, cut into chunks. Every chunk becomes one payload: a zstd frame with a content checksum
 * (or the plain slice when compression is off), handed to {@code sink} as soon as the chunk is full or cut.
 *
 * <p>The tar writer calls {@link #startEntry} before each entry, which starts a new chunk when the entry
 * would not fit in what is left of this one but fits in a whole chunk; larger entries simply continue into
 * the next chunk. Chunk capacity is a multiple of 512, so every chunk starts on a tar record boundary
 * (which lets a reader find the next header after a lost chunk).
 */
final class ChunkStream extends OutputStream {

    /** Receives finished chunks; may block to bound memory. */
    interface Sink {
        void accept(ChunkPayload payload) throws IOException;
    }

    private static final int STAGING = 1 << 20;

    private final long capacity;
    private final int level;
    private final int workers;
    private final Sink sink;
    private final byte[] staging = new byte[STAGING];
    private int staged;

    private int chunkNumber;
    private long chunkStart;
    private long inChunk;
    private long position;
    private PayloadBuffer payload;
    private OutputStream compressor;

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
        this.level = level;
        this.workers = workers;
        this.sink = sink;
    }

    /** Bytes written so far: the offset in the whole tar stream of the next byte. */
    long position() {
        return position;
    }

    /** The chunk the next byte goes to. */
    int currentChunk() {
        return inChunk == 0 || inChunk == capacity ? chunkNumber + 1 : chunkNumber;
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
            if (inChunk == 0 && staged == 0 && payload == null) {
                beginChunk();
            }
            int n = (int) Math.min(len, Math.min(capacity - inChunk, STAGING - staged));
            System.arraycopy(b, off, staging, staged, n);
            staged += n;
            inChunk += n;
            position += n;
            off += n;
            len -= n;
            if (staged == STAGING) {
                drainStaging();
            }
            if (inChunk == capacity) {
                endChunk();
            }
        }
    }

    /** Ends the last chunk. The stream is unusable afterwards. */
    @Override
    public void close() throws IOException {
        if (inChunk > 0) {
            endChunk();
        }
    }

    private void beginChunk() throws IOException {
        chunkNumber++;
        chunkStart = position;
        payload = new PayloadBuffer((int) Math.min(capacity + (capacity >> 6) + 4096, 4 << 20));
        if (level > 0) {
            ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(payload, level);
            z.setChecksum(true);
            if (workers > 0) {
                z.setWorkers(workers);
            }
            z.setCloseFrameOnFlush(false);
            compressor = z;
        } else {
            compressor = payload;
        }
    }

    private void drainStaging() throws IOException {
        compressor.write(staging, 0, staged);
        staged = 0;
    }

    private void endChunk() throws IOException {
        drainStaging();
        compressor.close();
        ChunkPayload done = new ChunkPayload(chunkNumber, payload.buffer(), payload.length(), chunkStart, inChunk);
        payload = null;
        compressor = null;
        inChunk = 0;
        sink.accept(done);
    }

    /** A growable byte buffer that exposes its array (no copy on hand-over). */
    static final class PayloadBuffer extends OutputStream {
        private byte[] buf;
        private int count;

        PayloadBuffer(int initial) {
            buf = new byte[initial];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                long wanted = Math.max((long) count + more, (long) buf.length * 2);
                if (wanted > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("chunk payload over 2 GiB; use a smaller --chunk-size");
                }
                buf = Arrays.copyOf(buf, (int) wanted);
            }
        }

        byte[] buffer() {
            return buf;
        }

        int length() {
            return count;
        }
    }
}

package io.ectar.archive.internal.create;

import io.ectar.internal.io.Handoff;
import io.ectar.internal.io.Xxh64;
import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import io.ectar.format.ChunkHeader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The tar stream, cut into chunks. Every chunk becomes one payload, handed to {@code sink} as soon as the
 * chunk is full or cut: a {@link ChunkHeader} (archive id, chunk number, the frame's CRC-32C) and one zstd
 * frame with a content checksum. With compression off the frame holds the tar slice in raw blocks, so
 * that every payload is checked and {@code zstd -d} reads them all alike.
 *
 * <p>The tar writer calls {@link #startEntry} before each entry, which starts a new chunk when the entry
 * would not fit in what is left of this one but fits in a whole chunk; larger entries simply continue into
 * the next chunk. Chunk capacity is a multiple of 512, so every chunk starts on a tar record boundary
 * (which lets a reader find the next header after a lost chunk).
 *
 * <p>Compression runs on a thread of its own ({@code ectar-compressor}), fed through a fixed set of
 * staging buffers: ending a zstd frame waits for every zstd worker to finish, and meanwhile the writer goes
 * on reading and hashing the next files instead of waiting too. The sink is called on that thread. Two
 * {@link Handoff}s connect the threads: {@code full} carries staged data to the compressor, {@code free}
 * brings the emptied staging buffers back; a compressor failure ends both, so the writer sees it at once,
 * whether it is waiting for a buffer or handing one over.
 *
 * <p>Who owns what: the writer's fields ({@code staging}, the chunk counters, {@code position},
 * {@code finished}) are written and read by the writing thread only; {@link Compressor}'s fields by the
 * compressor thread only; the payload {@code pool} is shared (a concurrent queue: the sink releases into it).
 *
 * <p>Memory is bounded: the staging buffers, one zstd context (with its worker threads) for every chunk,
 * and a {@link SegmentPool} of 1 MiB payload segments sized for one whole payload plus {@code SLACK}
 * segments. The encoder gives each segment back as soon as it has coded past it, so the next payload grows
 * into the memory the previous one frees; when none is free, compression (and so writing) waits.
 */
public final class ChunkStream extends OutputStream {

    /** Receives finished chunks, in order, on the compressor thread; may block to bound memory. */
    public interface Sink {
        void accept(ChunkPayload payload) throws IOException;
    }

    private static final int STAGING = 1 << 20;
    private static final int STAGED = 4;
    private static final int SEGMENT = 1 << 20;
    /** Payload segments beyond one whole payload: how far the next payload may grow before one is coded. */
    static final int SLACK = 2;
    private static final int JOB_SIZE = 2 << 20;
    private static final ByteBuffer NOTHING = ByteBuffer.allocateDirect(0);

    /** What the writer hands the compressor: data (may be null) and, at the end of a chunk, its extent. */
    private record Block(ByteBuffer data, ChunkEnd end) {
    }

    private record ChunkEnd(int number, long start, long length) {
    }

    private final long capacity;
    /** Emptied staging buffers, compressor to writer; never more than {@code STAGED} exist. */
    private final Handoff<ByteBuffer> free = new Handoff<>(STAGED);
    /** Staged data and chunk ends, writer to compressor. */
    private final Handoff<Block> full = new Handoff<>(STAGED);
    private final Compressor compressor;
    private final Thread thread;

    // The writer's side.
    private ByteBuffer staging;
    private int chunkNumber;
    private long chunkStart;
    private long inChunk;
    private long position;
    private boolean finished;

    /**
     * @param chunkSize most tar bytes per chunk (rounded down to a multiple of 512)
     * @param level     zstd level, or 0 for no compression
     * @param workers   zstd worker threads (0 = compress on the compressor thread alone)
     * @param archiveId the archive's id, written into every chunk's header
     */
    public ChunkStream(long chunkSize, int level, int workers, String archiveId, Sink sink) {
        this.capacity = chunkSize - chunkSize % 512;
        if (capacity < 512) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is below 512 bytes");
        }
        int stagingSize = (int) Math.min(STAGING, capacity);
        try {
            for (int i = 0; i < STAGED; i++) {
                free.put(ByteBuffer.allocateDirect(stagingSize)); // room for all: never waits
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("a new hand-off refused a staging buffer", e);
        }
        this.compressor = new Compressor(level, workers, archiveId, sink);
        this.thread = new Thread(compressor::run, "ectar-compressor");
        thread.setDaemon(true);
        thread.start();
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
            int n = room(len);
            staging.put(b, off, n);
            added(n);
            off += n;
            len -= n;
        }
    }

    /**
     * Reads up to {@code count} bytes from {@code in} straight into the stream (no copy through the heap)
     * and feeds them to {@code digest} too.
     *
     * @return the bytes read, fewer than {@code count} only when {@code in} ended
     */
    long writeFrom(ReadableByteChannel in, long count, MessageDigest digest) throws IOException {
        long done = 0;
        while (done < count) {
            int room = room(count - done);
            int at = staging.position();
            int n = in.read(staging.slice(at, room));
            if (n < 0) {
                return done;
            }
            if (n > 0) {
                digest.update(staging.slice(at, n));
                staging.position(at + n);
                added(n);
                done += n;
            }
        }
        return done;
    }

    /** Room for up to {@code wanted} more bytes in the staging buffer (taking a free one) and the chunk. */
    private int room(long wanted) throws IOException {
        if (staging == null) {
            staging = takeFree();
        }
        return (int) Math.min(wanted, Math.min(capacity - inChunk, staging.remaining()));
    }

    /** Counts {@code n} bytes just put into the staging buffer; hands over the buffer or chunk they fill. */
    private void added(int n) throws IOException {
        if (inChunk == 0) {
            chunkNumber++;
            chunkStart = position;
        }
        inChunk += n;
        position += n;
        if (inChunk == capacity) {
            endChunk();
        } else if (!staging.hasRemaining()) {
            send(new Block(staging, null));
            staging = null;
        }
    }

    /** Ends the last chunk and waits until every chunk has been handed to the sink. */
    public void finish() throws IOException {
        if (inChunk > 0) {
            endChunk();
        }
        finished = true;
        full.finish();
        join();
        full.checkConsumer();
    }

    /** Stops the compressor and releases it; a chunk not {@linkplain #finish() finished} is dropped. */
    @Override
    public void close() {
        if (thread.isAlive()) {
            if (!finished) {
                thread.interrupt();
            }
            try {
                join();
            } catch (InterruptedIOException e) {
                // the compressor is a daemon thread: it goes with the process
                return;
            }
        }
        compressor.close();
    }

    private void endChunk() throws IOException {
        send(new Block(staging, new ChunkEnd(chunkNumber, chunkStart, inChunk)));
        staging = null;
        inChunk = 0;
    }

    private ByteBuffer takeFree() throws IOException {
        try {
            // The compressor never finishes this hand-off: empty only after it failed, which take() throws.
            return free.take().orElseThrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the compressor");
        }
    }

    private void send(Block block) throws IOException {
        try {
            full.put(block);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the compressor");
        }
    }

    private void join() throws InterruptedIOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the compressor");
        }
    }

    /** The compressor thread's side: zstd, the payload buffers and the sink. */
    private final class Compressor {

        private final boolean compress;
        private final String archiveId;
        private final Sink sink;
        private final ZstdCompressCtx zstd;
        private final SegmentPool pool;
        private SegmentedPayload payload;
        // The raw frame being written when compression is off.
        private Xxh64 content;
        private final byte[] rawScratch = new byte[64 << 10];
        private long contentLength;
        private long blockHeaderAt;
        private int blockLength;

        Compressor(int level, int workers, String archiveId, Sink sink) {
            this.compress = level > 0;
            this.archiveId = archiveId;
            this.sink = sink;
            this.pool = SegmentPool.forPayloads(ChunkHeader.SIZE + maxFrame(capacity), SEGMENT, SLACK);
            if (compress) {
                zstd = new ZstdCompressCtx();
                zstd.setLevel(level);
                zstd.setChecksum(true);
                if (workers > 0) {
                    zstd.setWorkers(workers);
                    // zstd's default job (8 MiB at level 3) costs about 60 MiB in buffers with two workers,
                    // 2 MiB a quarter of that, for 0.2-0.35% more output (zstd -3 -T2 -B on the 603 MB
                    // benchmark tree: peak RSS 71 MiB with 8 MiB jobs, 40 with 4 MiB, 23 with 2 MiB).
                    zstd.setJobSize(JOB_SIZE);
                }
            } else {
                zstd = null;
            }
        }

        void run() {
            try {
                while (true) {
                    Optional<Block> next = full.take();
                    if (next.isEmpty()) {
                        return;
                    }
                    Block b = next.get();
                    if (payload == null) {
                        payload = new SegmentedPayload(pool);
                        payload.reserve(ChunkHeader.SIZE); // filled in when the chunk ends
                        if (!compress) {
                            startRawFrame();
                        }
                    }
                    ByteBuffer data = b.data() == null ? NOTHING : b.data().flip();
                    consume(data, b.end() != null ? EndDirective.END : EndDirective.CONTINUE);
                    if (b.data() != null) {
                        free.put(b.data().clear());
                    }
                    if (b.end() != null) {
                        handOver(b.end());
                    }
                }
            } catch (InterruptedException e) {
                failed(new InterruptedIOException("compression was interrupted"));
            } catch (Throwable t) {
                failed(t);
            }
        }

        /** Ends both hand-offs with {@code t}: the writer gets it from its next put or take, or at once. */
        private void failed(Throwable t) {
            full.consumerFailed(t);
            free.producerFailed(t);
        }

        private void consume(ByteBuffer data, EndDirective directive) throws InterruptedException {
            if (!compress) {
                appendRaw(data);
                if (directive == EndDirective.END) {
                    endRawFrame();
                }
                return;
            }
            // zstd writes straight into the payload's segments: no copy of the compressed bytes.
            boolean done;
            do {
                ByteBuffer tail = payload.tail();
                done = zstd.compressDirectByteBufferStream(tail, data, directive);
                payload.advance(tail.position());
            } while (data.hasRemaining() || directive == EndDirective.END && !done);
        }

        /*
         * A zstd frame of raw blocks (RFC 8878): frame header with an 8-byte content size, a 128 KiB window
         * and a content checksum; blocks of at most 128 KiB, each after a 3-byte block header; the low 32 bits
         * of the content's XXH64 at the end. The frame and block headers are filled in once their sizes are
         * known.
         */
        private static final int RAW_BLOCK = 128 << 10;
        private static final int RAW_FRAME_HEADER = 14;

        private void startRawFrame() throws InterruptedException {
            content = new Xxh64();
            contentLength = 0;
            payload.reserve(RAW_FRAME_HEADER);
            startBlock();
        }

        private void startBlock() throws InterruptedException {
            blockHeaderAt = payload.reserve(3);
            blockLength = 0;
        }

        private void appendRaw(ByteBuffer data) throws InterruptedException {
            while (data.hasRemaining()) {
                if (blockLength == RAW_BLOCK) {
                    putBlockHeader(false);
                    startBlock();
                }
                int n = Math.min(data.remaining(), RAW_BLOCK - blockLength);
                long at = payload.length();
                payload.append(data.slice(data.position(), n));
                data.position(data.position() + n);
                payload.forEach(at, n, this::hashRaw);
                blockLength += n;
                contentLength += n;
            }
        }

        private void endRawFrame() throws InterruptedException {
            putBlockHeader(true);
            long at = payload.reserve(4);
            putLittleEndian(at, content.digest(), 4);
            int frame = ChunkHeader.SIZE;
            putLittleEndian(frame, 0xFD2FB528L, 4);
            payload.put(frame + 4, (byte) 0xC4); // content size in 8 bytes, not single segment, checksum
            payload.put(frame + 5, (byte) 0x38); // window 2^(10 + 7) = 128 KiB
            putLittleEndian(frame + 6, contentLength, 8);
        }

        /** Feeds a range of the raw frame's content to its checksum. */
        private void hashRaw(ByteBuffer range) {
            while (range.hasRemaining()) {
                int n = Math.min(range.remaining(), rawScratch.length);
                range.get(rawScratch, 0, n);
                content.update(rawScratch, 0, n);
            }
        }

        /** Block header: last-block bit, type 0 (raw), size. */
        private void putBlockHeader(boolean last) {
            putLittleEndian(blockHeaderAt, ((long) blockLength << 3) | (last ? 1 : 0), 3);
        }

        private void putLittleEndian(long at, long value, int bytes) {
            for (int i = 0; i < bytes; i++) {
                payload.put(at + i, (byte) (value >>> (8 * i)));
            }
        }

        private void handOver(ChunkEnd end) throws IOException {
            SegmentedPayload done = payload;
            payload = null;
            long frameLength = done.length() - ChunkHeader.SIZE;
            CRC32C crc = new CRC32C();
            done.forEach(ChunkHeader.SIZE, frameLength, crc::update);
            byte[] header = new byte[ChunkHeader.SIZE];
            new ChunkHeader(archiveId, end.number(), frameLength, (int) crc.getValue()).writeTo(header);
            done.putInFirstSegment(0, header);
            try {
                sink.accept(new ChunkPayload(end.number(), done, end.start(), end.length()));
            } catch (IOException | RuntimeException | Error e) {
                done.release(); // not handed over: nobody else gives its segments back
                throw e;
            }
        }

        /** The most bytes a frame of {@code tarBytes} can take: zstd's compress bound, or raw blocks. */
        private long maxFrame(long tarBytes) {
            long raw = RAW_FRAME_HEADER + tarBytes + 3 * (tarBytes / RAW_BLOCK + 1) + 4;
            long zstdBound = tarBytes + (tarBytes >> 8) + (128 << 10) + 64;
            return Math.max(raw, zstdBound);
        }

        void close() {
            if (zstd != null) {
                zstd.close();
            }
        }
    }
}

package io.ectar.archive.internal.read;

import io.ectar.archive.ChunkHealth;
import io.ectar.archive.DataLostException;
import io.ectar.internal.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The whole tar stream, read chunk after chunk. A lost chunk makes {@link #read} throw
 * {@link DataLostException} (again and again) until {@link #resync} moves past it to the next tar header
 * that can be read.
 */
public final class ChunkSequence extends BulkInputStream {

    private final ChunkDecompressor chunks;
    private final List<ChunkHealth> health = new ArrayList<>();
    private final List<ChunkHealth> lostSinceResync = new ArrayList<>();
    private InputStream current;
    private DataLostException loss;
    private long delivered;
    private long indexPosition = -1;
    private byte[] pushback;
    private int pushbackAt;

    ChunkSequence(ChunkDecompressor chunks) {
        this.chunks = chunks;
    }

    /** Bytes handed out so far (including those skipped while resynchronising). */
    long delivered() {
        return delivered;
    }

    /** The tar-stream offset of the next byte, when the index gives chunk offsets; -1 otherwise. */
    long indexPosition() {
        return indexPosition;
    }

    /** Every chunk met so far, in order. */
    List<ChunkHealth> health() {
        return health;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (loss != null) {
            throw loss;
        }
        if (len == 0) {
            return 0;
        }
        if (pushback != null) {
            int n = Math.min(len, pushback.length - pushbackAt);
            System.arraycopy(pushback, pushbackAt, b, off, n);
            pushbackAt += n;
            if (pushbackAt == pushback.length) {
                pushback = null;
            }
            account(n);
            return n;
        }
        while (true) {
            if (current == null && !advance()) {
                return -1;
            }
            int n = current.read(b, off, len);
            if (n > 0) {
                account(n);
                return n;
            }
            current.close();
            current = null;
        }
    }

    private void account(int n) {
        delivered += n;
        if (indexPosition >= 0) {
            indexPosition += n;
        }
    }

    /** Opens the next chunk; false at the end; throws (and remembers) a loss. */
    private boolean advance() throws IOException {
        ChunkDecompressor.Slice c = chunks.next();
        if (c == null) {
            return false;
        }
        health.add(c.health());
        if (c.lost()) {
            lostSinceResync.add(c.health());
            indexPosition = -1;
            loss = new DataLostException(c.health());
            throw loss;
        }
        current = c.data();
        indexPosition = c.uncompressedOffset() >= 0 ? c.uncompressedOffset() : -1;
        return true;
    }

    /** The chunks lost since the last call, and forgets them. */
    List<ChunkHealth> takeLost() {
        List<ChunkHealth> lost = List.copyOf(lostSinceResync);
        lostSinceResync.clear();
        return lost;
    }

    /**
     * Moves past a loss to the next readable tar header.
     *
     * @param nextEntryOffset with an index: the offset of the first entry header at or after the given
     *                        tar-stream offset, or -1 when there is none; null without an index (then the
     *                        next chunk is scanned for a valid header record)
     * @return false when nothing readable is left
     */
    boolean resync(LongUnaryOperator nextEntryOffset) throws IOException {
        while (true) {
            loss = null;
            try {
                if (current != null) {
                    current.close();
                    current = null;
                }
                if (!advance()) {
                    return false;
                }
                return nextEntryOffset != null ? skipTo(nextEntryOffset) : scanForHeader();
            } catch (DataLostException lostAgain) {
                // that chunk is gone too: try the one after it
            }
        }
    }

    private boolean skipTo(LongUnaryOperator nextEntryOffset) throws IOException {
        long target = nextEntryOffset.applyAsLong(indexPosition);
        if (target < 0) {
            return false;
        }
        byte[] sink = new byte[64 << 10];
        while (indexPosition < target) {
            long before = indexPosition;
            int n = read(sink, 0, (int) Math.min(sink.length, target - indexPosition));
            if (n < 0) {
                return false;
            }
            if (indexPosition < before) {
                throw new IllegalStateException("tar stream position went backwards");
            }
        }
        return true;
    }

    private boolean scanForHeader() throws IOException {
        byte[] record = new byte[512];
        while (true) {
            int got = readNBytes(record, 0, 512);
            if (got < 512) {
                return false;
            }
            if (TarReader.isHeaderRecord(record)) {
                pushback = record;
                pushbackAt = 0;
                delivered -= 512;
                return true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
        chunks.close();
    }
}

package io.ectar.archive.internal.create;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * One chunk payload, held in {@link SegmentPool} segments instead of one array: it grows without copies and
 * without an array of the largest payload per chunk in flight, and its memory goes back to the pool as it is
 * {@linkplain #open read}, segment by segment.
 *
 * <p>Written by the compressor thread (append, then patch its headers in place), then handed over whole to
 * the encoder thread, which reads it once and {@linkplain #release() releases} it. Never used by two threads
 * at once; the hand-off between them orders their accesses.
 */
public final class SegmentedPayload {

    /** Receives consecutive ranges of the payload's bytes (read-only views, valid during the call). */
    interface Ranges {
        void accept(ByteBuffer range);
    }

    private final SegmentPool pool;
    private final int size;
    /** Null where a segment was already given back. */
    private final List<ByteBuffer> segments = new ArrayList<>();
    private long length;
    private boolean opened;

    SegmentedPayload(SegmentPool pool) {
        this.pool = pool;
        this.size = pool.segmentSize();
    }

    /** The payload's length in bytes. */
    public long length() {
        return length;
    }

    /** Appends the remaining bytes of {@code bytes}, taking segments from the pool as needed (may wait). */
    void append(ByteBuffer bytes) throws InterruptedException {
        while (bytes.hasRemaining()) {
            int in = (int) (length % size);
            if (in == 0 && length / size == segments.size()) {
                segments.add(pool.take(segments.size()));
            }
            int n = Math.min(bytes.remaining(), size - in);
            segments.get((int) (length / size)).put(in, bytes, bytes.position(), n);
            bytes.position(bytes.position() + n);
            length += n;
        }
    }

    /**
     * The free room at the end of the payload, for writing in place (taking a segment when the last one is
     * full; may wait): at least 1 byte, within one segment. {@link #advance} then counts what was written.
     */
    ByteBuffer tail() throws InterruptedException {
        int in = (int) (length % size);
        if (in == 0 && length / size == segments.size()) {
            segments.add(pool.take(segments.size()));
        }
        return segments.get((int) (length / size)).slice(in, size - in);
    }

    /** Counts {@code n} bytes just written into the {@link #tail()}. */
    void advance(int n) {
        if (n < 0 || n > size - length % size || n > 0 && length / size >= segments.size()) {
            throw new IllegalArgumentException(n + " bytes do not fit in the tail");
        }
        length += n;
    }

    /** Appends {@code n} bytes to be filled in later with {@link #put}; returns where they start. */
    long reserve(int n) throws InterruptedException {
        long at = length;
        append(ByteBuffer.allocate(n));
        return at;
    }

    /** Overwrites the byte at {@code at} (below {@link #length()}). */
    void put(long at, byte b) {
        segments.get((int) (at / size)).put((int) (at % size), b);
    }

    /** Overwrites the bytes from {@code at} (within the first segment) with {@code bytes}. */
    void putInFirstSegment(int at, byte[] bytes) {
        if (at + bytes.length > size) {
            throw new IllegalArgumentException("bytes beyond the first segment");
        }
        segments.get(0).put(at, bytes);
    }

    /** Feeds the bytes in {@code [from, from + count)} to {@code ranges}, in order. */
    void forEach(long from, long count, Ranges ranges) {
        long at = from;
        long end = from + count;
        while (at < end) {
            int in = (int) (at % size);
            int n = (int) Math.min(end - at, size - in);
            ranges.accept(segments.get((int) (at / size)).asReadOnlyBuffer().position(in).limit(in + n));
            at += n;
        }
    }

    /**
     * Reads the payload once, from the start, feeding every byte read to {@code digest}; each segment goes
     * back to the pool as soon as the stream has passed it. The payload cannot be read again.
     */
    InputStream open(MessageDigest digest) {
        if (opened) {
            throw new IllegalStateException("a payload is read only once");
        }
        opened = true;
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position >= length) {
                    return -1;
                }
                int segment = (int) (position / size);
                int in = (int) (position % size);
                int n = (int) Math.min(len, Math.min(size - in, length - position));
                segments.get(segment).get(in, b, off, n);
                digest.update(b, off, n);
                position += n;
                if (position % size == 0 || position == length) {
                    pool.give(segments.set(segment, null));
                }
                return n;
            }
        };
    }

    /** Gives back every segment still held; the payload is empty afterwards. Idempotent. */
    void release() {
        for (int i = 0; i < segments.size(); i++) {
            ByteBuffer s = segments.set(i, null);
            if (s != null) {
                pool.give(s);
            }
        }
    }

    /** A copy of the whole payload (tests: payloads are at most a few MiB there). */
    byte[] toByteArray() {
        byte[] all = new byte[Math.toIntExact(length)];
        int[] at = {0};
        forEach(0, length, range -> {
            int n = range.remaining();
            range.get(all, at[0], n);
            at[0] += n;
        });
        return all;
    }

    @Override
    public String toString() {
        return "payload of " + length + " bytes in " + segments.size() + " segments";
    }
}

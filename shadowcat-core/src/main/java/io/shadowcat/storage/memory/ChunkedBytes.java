package io.shadowcat.storage.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only byte sequence in 64 KiB chunks: a tape file kept in memory. Appending is thread-safe
 * against readers; a reader sees the bytes present when it {@linkplain #open() opened}.
 */
final class ChunkedBytes extends OutputStream {

    private static final int CHUNK = 64 * 1024;
    private final List<byte[]> chunks = new ArrayList<>();
    private long length;

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        while (len > 0) {
            int inLast = (int) (length % CHUNK);
            if (inLast == 0) {
                chunks.add(new byte[CHUNK]);
            }
            int n = Math.min(len, CHUNK - inLast);
            System.arraycopy(b, off, chunks.get(chunks.size() - 1), inLast, n);
            off += n;
            len -= n;
            length += n;
        }
    }

    synchronized long length() {
        return length;
    }

    /** Bytes held, counting whole chunks. */
    synchronized long footprint() {
        return (long) chunks.size() * CHUNK;
    }

    /** The bytes written so far, as a stream. */
    synchronized InputStream open() {
        List<byte[]> snapshot = List.copyOf(chunks);
        long end = length;
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= end) {
                    return -1;
                }
                int chunk = (int) (pos / CHUNK);
                int at = (int) (pos % CHUNK);
                int n = (int) Math.min(Math.min(len, CHUNK - at), end - pos);
                System.arraycopy(snapshot.get(chunk), at, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        // the bytes stay readable
    }
}

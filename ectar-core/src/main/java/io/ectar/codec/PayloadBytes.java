package io.ectar.codec;

import io.ectar.internal.io.BulkInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A payload held in memory: whole in one array, or still striped over its k data shares as they were
 * read ({@link ZfecCodec#dataShares}), so that reading it back from intact shares costs no copy and no
 * second payload-sized array. Immutable view over arrays it does not own: they must not change.
 */
public final class PayloadBytes {

    /** Receives a payload's bytes, run after run, in order. */
    @FunctionalInterface
    public interface RunSink {
        void accept(byte[] array, int offset, int length);
    }

    private static final int BLOCK = Stripes.BLOCK;

    private final byte[][] shares;
    private final int offset;
    private final int shareLength;
    private final long length;

    /**
     * @param shares      the data shares in share-number order (one share: the payload is contiguous)
     * @param offset      where the share data starts in each array (after the zfec header)
     * @param shareLength the share data length
     * @param length      the payload length (the rest of the last stripe is padding)
     */
    PayloadBytes(byte[][] shares, int offset, int shareLength, long length) {
        this.shares = shares;
        this.offset = offset;
        this.shareLength = shareLength;
        this.length = length;
    }

    /** The payload held whole in {@code payload}. */
    public static PayloadBytes of(byte[] payload) {
        return new PayloadBytes(new byte[][] {payload}, 0, payload.length, payload.length);
    }

    /** The payload length in bytes. */
    public long length() {
        return length;
    }

    /** Hands every payload byte to {@code sink}, in order, in as few runs as the layout allows. */
    public void forEachRun(RunSink sink) {
        if (shares.length == 1) {
            if (length > 0) {
                sink.accept(shares[0], offset, (int) length);
            }
            return;
        }
        Cursor c = new Cursor();
        while (c.next()) {
            sink.accept(shares[c.share], c.at, c.left);
        }
    }

    /** The payload as a stream. */
    public InputStream open() {
        if (shares.length == 1) {
            return new ByteArrayInputStream(shares[0], offset, (int) length);
        }
        return new BulkInputStream() {
            private final Cursor c = new Cursor();

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int done = 0;
                while (done < len && (c.left > 0 || c.next())) {
                    int n = Math.min(len - done, c.left);
                    System.arraycopy(shares[c.share], c.at, b, off + done, n);
                    c.at += n;
                    c.left -= n;
                    done += n;
                }
                return done == 0 ? -1 : done;
            }
        };
    }

    /**
     * Walks the payload block by block: stripe s is block s of every share in turn; a short last stripe
     * is cut into k blocks of ceil(rest / k) bytes, of which only the payload's part is visited.
     */
    private final class Cursor {
        private int stripe;
        private int share = -1;
        private long position;
        int at;
        int left;

        /** Moves to the next non-empty run; false at the payload's end. */
        boolean next() {
            while (position < length) {
                if (++share == shares.length) {
                    share = 0;
                    stripe++;
                }
                int block = Math.min(BLOCK, shareLength - stripe * BLOCK);
                if (block <= 0) {
                    break; // cannot happen with a length the shares can hold
                }
                int n = (int) Math.min(block, length - position);
                if (n > 0) {
                    at = offset + stripe * BLOCK;
                    left = n;
                    position += n;
                    return true;
                }
            }
            left = 0;
            return false;
        }
    }
}

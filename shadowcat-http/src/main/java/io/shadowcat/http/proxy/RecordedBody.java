package io.shadowcat.http.proxy;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes a response's {@code Content-Encoding} for the tape's copy only (the client gets the bytes as the
 * server sent them): {@code gzip} and {@code deflate} are inflated as the chunks arrive, in bounded steps;
 * any other coding (say {@code br}) cannot be read, and the body counts as a message relayed but not
 * recorded. Not thread-safe: one per response, fed in order.
 */
abstract sealed class RecordedBody {

    /** The decoder for a response with the given {@code Content-Encoding}, or null when it cannot be read. */
    static RecordedBody of(String contentEncoding) {
        String coding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (coding) {
            case "", "identity" -> new Identity();
            case "gzip", "x-gzip" -> new Inflating(true);
            case "deflate" -> new Inflating(false);
            default -> null;
        };
    }

    /**
     * Passes the decoded bytes of {@code chunk} to {@code sink} (the buffer handed on is reused after the call).
     *
     * @return false when the body turned out unreadable: nothing more is passed on
     */
    abstract boolean feed(ByteBuffer chunk, Consumer<ByteBuffer> sink);

    /** The body is not encoded. */
    static final class Identity extends RecordedBody {
        @Override
        boolean feed(ByteBuffer chunk, Consumer<ByteBuffer> sink) {
            sink.accept(chunk);
            return true;
        }
    }

    /** {@code gzip} (RFC 1952: a header, raw deflate, a trailer) or {@code deflate} (zlib, RFC 1950). */
    static final class Inflating extends RecordedBody {
        private static final int FHCRC = 2;
        private static final int FEXTRA = 4;
        private static final int FNAME = 8;
        private static final int FCOMMENT = 16;

        private final boolean gzip;
        private final Inflater inflater;
        private final byte[] out = new byte[16 * 1024];
        private final java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
        private boolean headerDone;
        private boolean failed;

        Inflating(boolean gzip) {
            this.gzip = gzip;
            this.inflater = new Inflater(gzip); // gzip's deflate stream has no zlib wrapper
            this.headerDone = !gzip;
        }

        @Override
        boolean feed(ByteBuffer chunk, Consumer<ByteBuffer> sink) {
            if (failed) {
                return false;
            }
            ByteBuffer in = chunk.slice();
            if (!headerDone) {
                while (in.hasRemaining() && !headerDone) {
                    header.write(in.get());
                    int length = gzipHeaderLength(header.toByteArray());
                    if (length < 0) {
                        failed = true;
                        return false;
                    }
                    headerDone = length > 0;
                }
                if (!headerDone) {
                    return true;
                }
            }
            byte[] bytes = new byte[in.remaining()];
            in.get(bytes);
            inflater.setInput(bytes);
            try {
                while (!inflater.finished()) {
                    int n = inflater.inflate(out);
                    if (n > 0) {
                        sink.accept(ByteBuffer.wrap(out, 0, n));
                    } else if (inflater.needsInput() || inflater.needsDictionary()) {
                        break;
                    }
                }
            } catch (DataFormatException e) {
                failed = true;
                return false;
            }
            return true; // what follows a finished stream (gzip's trailer) carries nothing to record
        }

        /** The gzip header's length once all of it is in {@code h}, 0 while more is needed, -1 when it is not gzip. */
        private static int gzipHeaderLength(byte[] h) {
            if (h.length >= 1 && (h[0] & 0xff) != 0x1f || h.length >= 2 && (h[1] & 0xff) != 0x8b
                    || h.length >= 3 && h[2] != 8) {
                return -1;
            }
            if (h.length < 10) {
                return 0;
            }
            int flags = h[3] & 0xff;
            int at = 10;
            if ((flags & FEXTRA) != 0) {
                if (h.length < at + 2) {
                    return 0;
                }
                at += 2 + ((h[at] & 0xff) | (h[at + 1] & 0xff) << 8);
            }
            for (int field : new int[] {FNAME, FCOMMENT}) {
                if ((flags & field) != 0) {
                    while (true) {
                        if (h.length <= at) {
                            return 0;
                        }
                        if (h[at++] == 0) {
                            break;
                        }
                    }
                }
            }
            if ((flags & FHCRC) != 0) {
                at += 2;
            }
            return h.length >= at ? at : 0;
        }
    }
}

package io.shadowcat.recorder;

import io.shadowcat.tape.Direction;
import java.util.Arrays;

/**
 * Cuts relayed chunks into newline-delimited lines for the recorder. A line may arrive in any number of
 * chunks and a chunk may hold any number of lines; only complete lines are passed on.
 *
 * <p>Lines longer than {@code maxLineBytes} are not buffered past that size: they are still relayed in
 * full by the caller, but reported as {@link LineSink#oversized()} instead of recorded, so a runaway
 * message cannot exhaust the proxy's memory. Not thread-safe: one splitter per relay direction.
 */
final class LineSplitter {

    /** Receives what the splitter cuts out. */
    interface LineSink {
        void line(CapturedLine line);

        /** A line was too long to record. */
        void oversized();
    }

    private final Direction direction;
    private final int maxLineBytes;
    private final LineSink sink;
    private byte[] pending = new byte[8192];
    private int pendingLength;
    private boolean discarding;

    LineSplitter(Direction direction, int maxLineBytes, LineSink sink) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, got " + maxLineBytes);
        }
        this.direction = direction;
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    /** Consumes {@code length} bytes read at {@code nanos}. */
    void feed(byte[] chunk, int offset, int length, long nanos) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                emit(nanos);
                start = i + 1;
            }
        }
        append(chunk, start, end - start);
    }

    /** The stream ended: a last line without a newline is still a line. */
    void finish(long nanos) {
        if (pendingLength > 0 || discarding) {
            emit(nanos);
        }
    }

    private void append(byte[] chunk, int offset, int length) {
        if (length == 0 || discarding) {
            return;
        }
        if ((long) pendingLength + length > maxLineBytes) {
            discarding = true;
            pendingLength = 0;
            pending = new byte[8192];
            return;
        }
        if (pendingLength + length > pending.length) {
            int grown = (int) Math.min(maxLineBytes, Math.max((long) pending.length * 2, (long) pendingLength + length));
            pending = Arrays.copyOf(pending, grown);
        }
        System.arraycopy(chunk, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private void emit(long nanos) {
        if (discarding) {
            discarding = false;
            sink.oversized();
        } else if (pendingLength > 0) {
            sink.line(new CapturedLine(direction, Arrays.copyOf(pending, pendingLength), nanos));
        }
        pendingLength = 0;
        if (pending.length > 1 << 20) {
            pending = new byte[8192]; // do not keep a huge buffer alive after one huge message
        }
    }
}

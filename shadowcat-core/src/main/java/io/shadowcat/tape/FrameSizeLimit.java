package io.shadowcat.tape;

import java.util.Locale;

/**
 * How large one stored record (a frame's line, a frame's row) may be for this process to read it. Reading a
 * frame holds it several times over at once (the stored bytes, the parsed message, the text written out
 * again), so a frame near the heap's size used to end in an {@link OutOfMemoryError} with a stack trace;
 * readers refuse a larger one up front with a {@link FrameTooLargeException} instead. The limit is a
 * sixteenth of the maximum heap ({@code -Xmx}): 64 MiB at {@code -Xmx1g}, 384 MiB at a 6 GiB heap.
 */
public final class FrameSizeLimit {

    /** The heap is this many times the largest frame read. */
    static final int HEAP_PER_FRAME = 16;

    private FrameSizeLimit() {
    }

    /** The largest record, in bytes, that this process reads. */
    public static long bytes() {
        return Runtime.getRuntime().maxMemory() / HEAP_PER_FRAME;
    }

    /** A heap setting ({@code -Xmx...}) under which a frame of {@code frameBytes} can be read. */
    static String heapFor(long frameBytes) {
        long mib = Math.max(1, (frameBytes * HEAP_PER_FRAME + (1 << 20) - 1) >> 20);
        long pow = Long.highestOneBit(mib);
        mib = pow == mib ? mib : pow << 1;
        return mib >= 1024 ? "-Xmx" + (mib >> 10) + "g" : "-Xmx" + mib + "m";
    }

    /** {@code 200.0 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}

package io.shadowcat.tape;

/**
 * A stored frame is larger than this process can read ({@link FrameSizeLimit}). Names the frame, the tape,
 * where it is stored, its size and the limit, and the heap setting under which it can be read. Nothing is
 * changed: the tape is intact and reads with a larger heap.
 */
public final class FrameTooLargeException extends IllegalStateException {

    private static final long serialVersionUID = 1L;
    private final long bytes;
    private final long limit;

    /**
     * @param seq the frame's seq, or -1 when it could not be told
     * @param tape the tape, or null when not known
     * @param where where the frame is stored, e.g. {@code line 3 of /tapes/x.jsonl}
     */
    public FrameTooLargeException(long seq, TapeId tape, String where, long bytes, long limit) {
        super((seq >= 0 ? "frame " + seq : "a record") + (tape == null ? "" : " of tape " + tape) + " (" + where
                + ") is " + FrameSizeLimit.size(bytes) + ", over the limit of " + FrameSizeLimit.size(limit)
                + " that one frame may take in this process (1/" + FrameSizeLimit.HEAP_PER_FRAME
                + " of its maximum heap); run it with a larger heap, e.g. JAVA_OPTS=" + FrameSizeLimit.heapFor(bytes)
                + " (the tape is unchanged)");
        this.bytes = bytes;
        this.limit = limit;
    }

    /** The frame's stored size in bytes (at least; counting stops at the limit for some providers). */
    public long bytes() {
        return bytes;
    }

    /** The limit it is over. */
    public long limit() {
        return limit;
    }
}
